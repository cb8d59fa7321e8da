import { QueryBus } from '@nestjs/cqrs';
import type { Response } from 'supertest';
import { verifyCertificateSignature, type CertificateDocument, type Jwks } from '#libs/certificates';
import { CertificateDirectory } from '../../apps/api/src/certificates/certificate-directory.js';
import { VerifyCertificateQuery, type CertificateVerification } from '../../apps/api/src/certificates/verify-certificate-query.js';
import { batteryStream } from '../../apps/api/src/lifecycle/stream-names.js';
import { decodeQr, pdfText, popplerMissing, renderFirstPage } from '../../libs/certificates/test/pdf-tools.js';
import { describeOnStores } from './support/api-harness.js';
import { lifecycleSteps } from './support/lifecycle-steps.js';
import { collectBytes } from './support/raw-http.js';

const PROBLEM = 'application/problem+json; charset=utf-8';
const certificates = '/api/v1/certificates';

describeOnStores('reuse certificates over HTTP', (api) => {
  const steps = () => lifecycleSteps(api());
  const verify = (id: string) => api().http.get(`${certificates}/${id}/verify`);
  const publishedKeys = async () => (await api().http.get(`${certificates}/keys`).expect(200)).body as Jwks;
  const revoke = (id: string, reason = 'insulation fault found at customer site', headers: Record<string, string> = {}) =>
    api().http.post(`${certificates}/${id}/revocation`).set(api().bearer('certifier')).set(headers).send({ reason });

  /** A battery evaluated grade A, diagnosed pass and certified for `ess`. */
  async function certifiedBattery(body: Record<string, unknown> = {}) {
    const { id } = await steps().certifiableBattery();
    const issued = await steps().certify(id, body).expect(201);
    return { batteryId: id, certificateId: issued.body.certificateId as string, issued: issued.body };
  }

  test('the document is the signed one, anchored to the event before the issue, and verifies online and offline', async () => {
    const { batteryId, certificateId, issued } = await certifiedBattery({ applications: ['ess', 'ups'] });
    const document = await api().http.get(`${certificates}/${certificateId}`).set(api().bearer('auditor')).expect(200);
    const history = await api().infrastructure.eventStore.readStream(batteryStream(batteryId));
    // registered 0, received 1, evaluated 2, diagnosed 3, certificate issued 4
    expect(document.body).toMatchObject({
      certificateId,
      batteryId,
      battery: { model: 'IONIQ 5 Long Range pack', chemistry: 'NMC', ratedEnergyKWh: 64 },
      evidence: {
        grade: 'A',
        stateOfHealthPct: 86.4,
        evaluationMethod: 'full-capacity-test',
        diagnosisVerdict: 'pass',
        standard: 'UL 1974',
      },
      applications: ['ess', 'ups'],
      validUntil: issued.validUntil,
      issuer: { roles: ['certifier'] },
      batteryRevision: 3,
      historyHash: history[3]!.hash,
    });

    const verified = await verify(certificateId).expect(200);
    const jwks = await publishedKeys();
    expect(verified.headers['cache-control']).toBe('no-store');
    expect(verified.body).toEqual({
      valid: true,
      status: 'active',
      certificate: document.body,
      signature: { alg: 'EdDSA', keyId: jwks.keys[0]!.kid, value: expect.stringMatching(/^[A-Za-z0-9_-]{86}$/) },
      revocation: null,
      battery: { batteryId, status: 'original' },
      // The anchor's transparency-log proof, or null until the sequencer reached it (test/e2e/certificate-log.spec.ts).
      log: verified.body.log,
    });
    expect(verifyCertificateSignature(verified.body.certificate, verified.body.signature, jwks)).toEqual({ valid: true });
  });

  test('a certificate with one field changed fails offline verification', async () => {
    const { certificateId } = await certifiedBattery();
    const { certificate, signature } = (await verify(certificateId).expect(200)).body as CertificateVerification;
    const jwks = await publishedKeys();
    const tampered: CertificateDocument[] = [
      { ...certificate, evidence: { ...certificate.evidence, stateOfHealthPct: certificate.evidence.stateOfHealthPct + 1 } },
      { ...certificate, validUntil: '2099-01-01T00:00:00.000Z' },
      { ...certificate, applications: ['ev'] },
    ];
    for (const document of tampered) expect(verifyCertificateSignature(document, signature, jwks).valid).toBe(false);
  });

  test('a certificate altered in the store after signing verifies invalid online', async () => {
    const { batteryId, certificateId } = await certifiedBattery();
    const store = api().infrastructure.eventStore;
    const stream = await store.readStream(batteryStream(batteryId));
    const issue = stream.find((event) => event.type === 'ReuseCertificateIssued')!;
    // The issue event copied under another certificate id: one field of the signed document differs.
    const forgedId = `${certificateId}-COPY`;
    const data = issue.data as { certificate: Record<string, unknown> };
    await store.append(
      batteryStream(batteryId),
      [
        {
          type: issue.type,
          metadata: issue.metadata,
          data: { ...data, certificateId: forgedId, certificate: { ...data.certificate, certificateId: forgedId } },
        },
      ],
      { expectedRevision: stream.at(-1)!.revision },
    );
    await api().app.get(CertificateDirectory).record(forgedId, batteryId);

    const forged = await verify(forgedId).expect(200);
    expect(forged.body).toMatchObject({ valid: false, status: 'active', certificate: { certificateId: forgedId } });
    expect((await verify(certificateId).expect(200)).body.valid).toBe(true);
  });

  test('a certifier revokes with a reason: verify says revoked, retries replay, a second revocation is 409', async () => {
    const { batteryId, certificateId } = await certifiedBattery();
    const stale = await revoke(certificateId, 'stale', { 'If-Match': '"2"' }).expect(412);
    expect(stale.headers['content-type']).toBe(PROBLEM);

    const key = { 'Idempotency-Key': `revoke-${certificateId}` };
    const revoked = await revoke(certificateId, 'insulation fault found at customer site', key).expect(201);
    expect(revoked.body).toEqual({
      certificateId,
      batteryId,
      status: 'revoked',
      revokedAt: expect.any(String),
      revision: 5,
      position: expect.any(String),
    });
    expect(revoked.headers.etag).toBe('"5"');
    const replayed = await revoke(certificateId, 'insulation fault found at customer site', key).expect(201);
    expect(replayed.body).toEqual(revoked.body);

    const verified = await verify(certificateId).expect(200);
    expect(verified.body).toMatchObject({
      valid: false,
      status: 'revoked',
      revocation: { reason: 'insulation fault found at customer site', revokedAt: revoked.body.revokedAt },
      battery: { batteryId, status: 'original' },
    });
    expect((await steps().battery(batteryId).expect(200)).body.activeCertificate).toBeNull();

    const again = await revoke(certificateId, 'second thoughts').expect(409);
    expect(again.headers['content-type']).toBe(PROBLEM);
    expect(again.body.rule).toBe('certificate-not-active');
  });

  test('handing the battery over for recycling revokes its certificate; verify shows the battery as waste', async () => {
    const { batteryId, certificateId } = await certifiedBattery();
    await steps().handOver(batteryId).expect(201);
    const verified = await verify(certificateId).expect(200);
    expect(verified.body).toMatchObject({
      valid: false,
      status: 'revoked',
      revocation: { reason: 'handed over for recycling' },
      battery: { batteryId, status: 'waste' },
    });
  });

  test('status is judged at an instant: active before validUntil, expired from it, revoked from revokedAt', async () => {
    const { certificateId, issued } = await certifiedBattery({ validMonths: 1 });
    const queries = api().app.get(QueryBus);
    const at = (instant: number) => queries.execute(new VerifyCertificateQuery(certificateId, new Date(instant)));
    const validUntil = Date.parse(issued.validUntil);

    expect(await at(validUntil - 1)).toMatchObject({ valid: true, status: 'active' });
    expect(await at(validUntil)).toMatchObject({ valid: false, status: 'expired', revocation: null });

    const { revokedAt } = (await revoke(certificateId).expect(201)).body;
    expect(await at(Date.parse(revokedAt) - 1)).toMatchObject({ valid: true, status: 'active' });
    // Revocation outranks expiry: a revoked certificate keeps saying why it stopped.
    expect(await at(validUntil + 1)).toMatchObject({ valid: false, status: 'revoked' });
  });

  test('the PDF is application/pdf, prints Hangul and holds the verify URL in its QR code', async () => {
    const { certificateId, issued } = await certifiedBattery();
    const response = await api()
      .http.get(`${certificates}/${certificateId}/pdf`)
      .set(api().bearer('auditor'))
      .buffer(true)
      .parse(collectBytes)
      .expect(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const pdf = response.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    const skip = popplerMissing();
    if (skip) return console.warn(skip);
    const verifyUrl = `https://cellpath.example/api/v1/certificates/${certificateId}/verify`;
    expect(issued.verifyUrl).toBe(verifyUrl);
    expect(decodeQr(renderFirstPage(pdf, 150))).toBe(verifyUrl);
    expect(pdfText(pdf)).toContain('재사용 인증서 / Reuse Certificate');
  });

  test('after a revocation the PDF says REVOKED with the reason: the copy rendered before is not served again', async () => {
    const { certificateId } = await certifiedBattery();
    const download = async () => {
      const response = await api()
        .http.get(`${certificates}/${certificateId}/pdf`)
        .set(api().bearer('auditor'))
        .buffer(true)
        .parse(collectBytes)
        .expect(200);
      expect(response.headers['cache-control']).toBe('no-store');
      return response.body as Buffer;
    };
    const before = await download();
    expect((await download()).equals(before)).toBe(true);
    const { revokedAt } = (await revoke(certificateId, 'cell imbalance found on re-test').expect(201)).body;
    const after = await download();
    expect(after.equals(before)).toBe(false);

    const skip = popplerMissing();
    if (skip) return console.warn(skip);
    expect(pdfText(before)).not.toContain('REVOKED');
    const text = pdfText(after);
    expect(text).toContain('폐지됨 / REVOKED');
    expect(text).toContain('폐지 사유 / Reason: cell imbalance found on re-test');
    expect(text).toContain(`${revokedAt.slice(0, 10)} ${revokedAt.slice(11, 16)} UTC`);
  });

  test('after a key rotation certificates signed with the old key and the new one both verify', async () => {
    const before = await certifiedBattery();
    const rotation = await api().infrastructure.signingKeys.rotate();
    const after = await certifiedBattery();

    const jwks = await publishedKeys();
    expect(jwks.keys.map((key) => key.kid).slice(0, 2)).toEqual([rotation.keyId, rotation.retiredKeyId]);
    for (const key of jwks.keys) expect(Object.keys(key).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);

    const old = (await verify(before.certificateId).expect(200)).body as CertificateVerification;
    const fresh = (await verify(after.certificateId).expect(200)).body as CertificateVerification;
    expect([old.signature.keyId, fresh.signature.keyId]).toEqual([rotation.retiredKeyId, rotation.keyId]);
    for (const { valid, certificate, signature } of [old, fresh]) {
      expect(valid).toBe(true);
      expect(verifyCertificateSignature(certificate, signature, jwks)).toEqual({ valid: true });
    }
  });

  test('verification and keys are open; the document and PDF need a key; only a certifier revokes', async () => {
    const { certificateId } = await certifiedBattery();
    const { http, bearer } = api();
    for (const path of [`${certificates}/${certificateId}`, `${certificates}/${certificateId}/pdf`]) {
      const anonymous = await http.get(path).expect(401);
      expect(anonymous.headers['content-type']).toBe(PROBLEM);
    }
    await verify(certificateId).expect(200);
    await http.get(`${certificates}/keys`).expect(200);
    for (const role of ['operator', 'evaluator', 'auditor'] as const) {
      await http.post(`${certificates}/${certificateId}/revocation`).set(bearer(role)).send({ reason: 'not mine to revoke' }).expect(403);
    }
    await http.post(`${certificates}/${certificateId}/revocation`).send({ reason: 'anonymous' }).expect(401);
    // Role outranks body and existence in the contract's precedence.
    await http.post(`${certificates}/CERT-unknown/revocation`).set(bearer('operator')).send({}).expect(403);
    await http.post(`${certificates}/${certificateId}/revocation`).set(bearer('admin')).send({ reason: 'admin may' }).expect(201);
  });

  test('the revocation body is validated before the certificate is looked up', async () => {
    const post = (body: unknown) =>
      api()
        .http.post(`${certificates}/CERT-unknown/revocation`)
        .set(api().bearer('certifier'))
        .send(body as object);
    const missing: Response = await post({}).expect(400);
    expect(new Set(missing.body.errors.map((error: { field: string }) => error.field))).toEqual(new Set(['reason']));
    await post({ reason: '' }).expect(400);
    await post({ reason: 'ok', extra: true }).expect(400);
    await post({ reason: 'ok' }).expect(404);
  });

  test('unknown certificates are 404 and malformed ids 400 on every route', async () => {
    const { http, bearer } = api();
    for (const id of ['CERT-unknown', 'x'.repeat(100)]) {
      await http.get(`${certificates}/${id}`).set(bearer('auditor')).expect(404);
      await http.get(`${certificates}/${id}/pdf`).set(bearer('auditor')).expect(404);
      const unknown = await verify(id).expect(404);
      expect(unknown.headers['content-type']).toBe(PROBLEM);
      await revoke(id).expect(404);
    }
    for (const id of ['bad%20id', 'caf%C3%A9', 'a%2Fb']) {
      await http.get(`${certificates}/${id}`).set(bearer('auditor')).expect(400);
      await http.get(`${certificates}/${id}/pdf`).set(bearer('auditor')).expect(400);
      await verify(id).expect(400);
      await revoke(id).expect(400);
    }
  });

  test('a directory entry whose issue never reached the stream is a 404, not a certificate', async () => {
    const { batteryId } = await certifiedBattery();
    const dangling = `CERT-dangling-${batteryId}`;
    await api().app.get(CertificateDirectory).record(dangling, batteryId);
    await verify(dangling).expect(404);
    await api().http.get(`${certificates}/${dangling}`).set(api().bearer('auditor')).expect(404);
    await revoke(dangling).expect(404);
  });
});
