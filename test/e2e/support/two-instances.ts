import { httpOrganisation, journey } from '#libs/battery-journey';
import type { Jwks } from '#libs/certificates';
import type { TransferBundle } from '#libs/transfers';
import { startApi, type ApiHarness } from './api-harness.js';
import { lifecycleSteps } from './lifecycle-steps.js';

export const POHANG = 'kr-pohang';
export const CANADA = 'ca-recycler';
export const POHANG_ISSUER = 'kr-pohang-centre';
/** Registered at A like CANADA, but no instance in these tests belongs to it. */
export const ELSEWHERE = 'de-somewhere-else';

export interface TwoInstances {
  /** The origin (Pohang), on the embedded PGlite store. */
  a: ApiHarness;
  /** The receiver (Canada), on PostgreSQL; it pins A's keys as POHANG_ISSUER. */
  b: ApiHarness;
  close(): Promise<void>;
}

/** Two real instances with their own stores, logs and signing keys, as two organisations would run them. */
export async function startTwoInstances(): Promise<TwoInstances | { skip: string }> {
  const a = await startApi('pglite', { CELLPATH_ORGANISATION_ID: POHANG, PUBLIC_BASE_URL: 'https://pohang.example' });
  if ('skip' in a) return a;
  const b = await startApi('postgres', { CELLPATH_ORGANISATION_ID: CANADA, PUBLIC_BASE_URL: 'https://canada.example' });
  if ('skip' in b) {
    await a.close();
    return b;
  }
  // A transfer names an organisation the origin knows; B is CANADA by its configuration.
  for (const organisationId of [CANADA, ELSEWHERE]) {
    const { path, body } = httpOrganisation(journey.registerOrganisation({ organisationId, country: 'CA' }));
    await a.http.post(path).set(a.bearer('admin')).send(body).expect(201);
  }
  const keys = (await a.http.get('/api/v1/certificates/keys').expect(200)).body as Jwks;
  await b.http
    .post('/api/v1/trusted-issuers')
    .set(b.bearer('admin'))
    .send({ issuerId: POHANG_ISSUER, name: 'Pohang Battery Evaluation Centre', organisationId: POHANG, keys })
    .expect(201);
  return { a, b, close: async () => void (await Promise.all([a.close(), b.close()])) };
}

/** At A: registered, received, evaluated, diagnosed, certified and transferred to `to`; its bundle as A serves it. */
export async function certifiedAndTransferred(a: ApiHarness, to = CANADA) {
  const steps = lifecycleSteps(a);
  const { id } = await steps.certifiableBattery();
  const certificateId = (await steps.certify(id).expect(201)).body.certificateId as string;
  const transfer = (await steps.transfer(id, { toOrganisationId: to }).expect(201)).body;
  const bundle = (await a.http.get(`/api/v1/batteries/${id}/bundle`).set(a.bearer('auditor')).expect(200)).body as TransferBundle;
  return { id, certificateId, transfer, bundle };
}

export const importAt = (b: ApiHarness, bundle: unknown) =>
  b.http
    .post('/api/v1/imports')
    .set(b.bearer('operator'))
    .send(bundle as object);

export const copy = <T>(value: T): T => structuredClone(value);
