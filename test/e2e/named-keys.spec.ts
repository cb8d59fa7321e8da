import { createHash } from 'node:crypto';
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { API_KEYS_FILE_POLL_MS } from '../../apps/api/src/auth/api-keys-watch.js';
import { describeOnStores, SECRETS, type ApiHarness, type StoreKind, type TestRole } from './support/api-harness.js';
import { lifecycleSteps } from './support/lifecycle-steps.js';

/** The named keys of API_KEYS_FILE, beside the harness's API_KEYS (one unnamed key per role). */
const NAMED = {
  kim: { name: 'Kim Min-jun', roles: ['operator', 'evaluator'], secret: 'kim-min-jun-secret', organisationId: 'ORG-POHANG' },
  cycler: { name: 'cycler-3', roles: ['evaluator'], secretSha256: sha256('cycler-3-secret') },
  park: { name: '박서연', roles: ['certifier'], secret: 'park-seo-yeon-secret', organisationId: 'ORG-POHANG' },
  siteA: { name: 'Site A desk', roles: ['operator', 'evaluator'], secret: 'site-a-desk-secret', siteIds: ['NK-A'] },
  leaving: { name: 'Lee Leaving', roles: ['auditor'], secret: 'lee-leaving-secret' },
};
type Named = keyof typeof NAMED;
const secretOf = (key: Named) => ('secret' in NAMED[key] ? (NAMED[key] as { secret: string }).secret : 'cycler-3-secret');

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const files = new Map<StoreKind, string>();
function keysFile(kind: StoreKind): string {
  if (!files.has(kind)) files.set(kind, join(mkdtempSync(join(tmpdir(), 'cellpath-named-keys-')), 'keys.json'));
  return files.get(kind)!;
}

/** Writes the file as an editor saving atomically does: a new file renamed over the old one. */
function writeKeys(kind: StoreKind, content: unknown): void {
  const path = keysFile(kind);
  writeFileSync(`${path}.tmp`, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  renameSync(`${path}.tmp`, path);
}

const everyKey = (kind: StoreKind) => {
  writeKeys(kind, Object.values(NAMED));
  return { API_KEYS_FILE: keysFile(kind) };
};

/** Steps sent with a named key for the roles it has, the harness's unnamed keys otherwise. */
function stepsAs(api: ApiHarness, named: Partial<Record<TestRole, Named>>) {
  return lifecycleSteps({
    http: api.http,
    bearer: (role) => ({ Authorization: `Bearer ${named[role] ? secretOf(named[role]) : SECRETS[role]}` }),
  });
}

const bearer = (key: Named) => ({ Authorization: `Bearer ${secretOf(key)}` });

/** Polls until the key gets `status` on GET /me, failing past the deadline; the time it took. */
async function untilStatus(api: ApiHarness, secret: string, status: number, deadlineMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const response = await api.http.get('/api/v1/me').set({ Authorization: `Bearer ${secret}` });
    if (response.status === status) return Date.now() - started;
    if (Date.now() - started > deadlineMs) throw new Error(`still ${response.status}, not ${status}, after ${deadlineMs} ms`);
    await sleep(50);
  }
}

describeOnStores(
  'named keys from API_KEYS_FILE',
  (api, kind) => {
    test('a key from the file authenticates with its roles; /me shows its name, organisation and sites', async () => {
      const { http } = api();
      const me = await http.get('/api/v1/me').set(bearer('kim')).expect(200);
      expect(me.body).toEqual({
        keyId: expect.stringMatching(/^key-/),
        roles: ['operator', 'evaluator'],
        name: 'Kim Min-jun',
        organisationId: 'ORG-POHANG',
      });
      expect((await http.get('/api/v1/me').set(bearer('siteA')).expect(200)).body).toMatchObject({
        name: 'Site A desk',
        siteIds: ['NK-A'],
      });
      // Roles hold as for API_KEYS: an evaluator may not create a site, a certifier may not register.
      await http.post('/api/v1/sites').set(bearer('cycler')).send({ siteId: 'NK-X', name: 'x', zones: [] }).expect(403);
      await stepsAs(api(), { operator: 'park' as Named })
        .register()
        .then(({ response }) => expect(response.status).toBe(403));
      // The harness's unnamed keys still work beside the file's.
      expect((await http.get('/api/v1/me').set(api().bearer('auditor')).expect(200)).body).not.toHaveProperty('name');
    });

    test('secretSha256: the key is presented as its secret and authenticates', async () => {
      const { http } = api();
      const me = await http.get('/api/v1/me').set({ Authorization: 'Bearer cycler-3-secret' }).expect(200);
      expect(me.body).toMatchObject({ name: 'cycler-3', roles: ['evaluator'] });
      await http
        .get('/api/v1/me')
        .set({ Authorization: `Bearer ${NAMED.cycler.secretSha256}` })
        .expect(401);
    });

    test('events recorded with a named key carry its name and organisation in the history; the chain still verifies', async () => {
      const steps = stepsAs(api(), { operator: 'kim', evaluator: 'cycler', certifier: 'park' });
      // Created with the unnamed operator key: the old shape of actor, in the same chain.
      const { site } = await lifecycleSteps(api()).createSite();
      const { id } = await lifecycleSteps(api()).register();
      await steps.receive(id, site.siteId).expect(201);
      await steps.evaluate(id).expect(201);
      await stepsAs(api(), { evaluator: 'kim' }).diagnose(id).expect(201);
      const certified = await steps.certify(id).expect(201);

      const { body } = await api().http.get(`/api/v1/batteries/${id}/history`).set(bearer('leaving')).expect(200);
      const actors = body.events.map((event: { type: string; actor: object }) => [event.type, event.actor]);
      expect(actors).toEqual([
        ['BatteryRegistered', { keyId: expect.any(String), roles: ['operator'] }],
        [
          'BatteryReceived',
          { keyId: expect.any(String), roles: ['operator', 'evaluator'], name: 'Kim Min-jun', organisationId: 'ORG-POHANG' },
        ],
        ['BatteryEvaluated', { keyId: expect.any(String), roles: ['evaluator'], name: 'cycler-3' }],
        ['BatteryDiagnosed', expect.objectContaining({ name: 'Kim Min-jun' })],
        ['ReuseCertificateIssued', { keyId: expect.any(String), roles: ['certifier'], name: '박서연', organisationId: 'ORG-POHANG' }],
      ]);
      const verified = await api().http.get(`/api/v1/batteries/${id}/history/verify`).set(bearer('leaving')).expect(200);
      expect(verified.body).toMatchObject({ valid: true, eventCount: 5 });
      // The certificate names its certifier, inside what is signed, and still verifies.
      const certificate = await api().http.get(`/api/v1/certificates/${certified.body.certificateId}/verify`).expect(200);
      expect(certificate.body).toMatchObject({
        valid: true,
        certificate: { issuer: { name: '박서연', organisationId: 'ORG-POHANG', roles: ['certifier'] } },
      });
    });

    test('a site-scoped key writes at its site; elsewhere, or on a battery at another site or at none, 403 and nothing is written', async () => {
      const unnamed = lifecycleSteps(api());
      const scoped = stepsAs(api(), { operator: 'siteA', evaluator: 'siteA' });
      const history = async (id: string) =>
        (await api().http.get(`/api/v1/batteries/${id}/history`).set(bearer('leaving')).expect(200)).body.events.length;
      const zones = [{ zone: 'Z', kind: 'standard', capacity: 4 }];
      await scoped.post('/api/v1/sites', 'operator', { siteId: 'NK-A', name: 'Site A', zones }).expect(201);
      await scoped.post('/api/v1/sites', 'operator', { siteId: 'NK-B', name: 'Site B', zones }).expect(403);
      await unnamed.post('/api/v1/sites', 'operator', { siteId: 'NK-B', name: 'Site B', zones }).expect(201);

      // Registration is at no site yet: allowed. A command on that battery while it is at no site is not.
      const { id, response } = await scoped.register();
      expect(response.status).toBe(201);
      const atNoSite = await scoped.evaluate(id).expect(403);
      expect(atNoSite.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(atNoSite.body.detail).toBe('this key may write only at site NK-A; this command acts at no site');
      // A receipt at another site: 403 with the site named, nothing written.
      const elsewhere = await scoped.receive(id, 'NK-B').expect(403);
      expect(elsewhere.body).toMatchObject({ status: 403, siteId: 'NK-B', detail: expect.stringContaining('site NK-B') });
      expect(await history(id)).toBe(1);

      await scoped.receive(id, 'NK-A').expect(201);
      await scoped.evaluate(id).expect(201);
      await scoped.store(id, 'NK-A', 'Z', 'S1').expect(201);
      await scoped.release(id).expect(201);
      expect(await history(id)).toBe(5);

      // A battery at site B: the scoped key may neither grade it nor pull it to its own site.
      const other = await unnamed.register();
      await unnamed.receive(other.id, 'NK-B').expect(201);
      await scoped.evaluate(other.id).expect(403);
      await scoped.receive(other.id, 'NK-A').expect(403);
      // Even with If-Match and Idempotency-Key, the site refusal comes first and writes nothing.
      await scoped
        .evaluate(other.id, {})
        .set({ 'If-Match': '"0"', 'Idempotency-Key': `nk-${kind}` })
        .expect(403);
      expect(await history(other.id)).toBe(2);
      // The same commands with an unscoped key pass: the refusals were the scope's.
      await unnamed.receive(other.id, 'NK-A').expect(201);
    });

    test('a key removed from the file stops working within 5 s; a key added starts working', async () => {
      const { leaving, ...rest } = NAMED;
      await untilStatus(api(), leaving.secret, 200, 0);
      const added = { name: 'New Hire', roles: ['auditor'], secret: 'new-hire-secret' };
      writeKeys(kind, [...Object.values(rest), added]);
      const removedAfter = await untilStatus(api(), leaving.secret, 401, 5000);
      await untilStatus(api(), added.secret, 200, 5000);
      console.log(`[${kind}] a key removed from API_KEYS_FILE got 401 after ${removedAfter} ms (poll every ${API_KEYS_FILE_POLL_MS} ms)`);
      expect(removedAfter).toBeLessThan(5000);
    });

    test('an invalid edit keeps the last good set in force; the next good edit applies', async () => {
      const good = [
        ...Object.values(NAMED).filter((key) => key.name !== 'Lee Leaving'),
        { name: 'New Hire', roles: ['auditor'], secret: 'new-hire-secret' },
      ];
      await untilStatus(api(), 'new-hire-secret', 200, 0);
      const withoutNewHire = good.filter((key) => key.name !== 'New Hire');
      for (const invalid of [
        JSON.stringify(withoutNewHire).slice(0, -5), // half-saved
        [...withoutNewHire, { name: 'Typo', roles: ['operater'], secret: 'typo-secret-00' }],
        [...withoutNewHire, { ...withoutNewHire[0], secret: 'kim-second-secret' }], // a name twice
      ]) {
        writeKeys(kind, invalid);
        // Three polls: had the edit applied, New Hire (absent from it) would be refused by now.
        await sleep(3 * API_KEYS_FILE_POLL_MS + 200);
        await api().http.get('/api/v1/me').set({ Authorization: 'Bearer new-hire-secret' }).expect(200);
        await api().http.get('/api/v1/me').set({ Authorization: 'Bearer typo-secret-00' }).expect(401);
      }
      writeKeys(kind, withoutNewHire);
      await untilStatus(api(), 'new-hire-secret', 401, 5000);
      await untilStatus(api(), secretOf('kim'), 200, 0);
    }, 30_000);
  },
  everyKey,
);
