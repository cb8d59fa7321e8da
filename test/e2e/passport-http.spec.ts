import { readFileSync } from 'node:fs';
import QRCode from 'qrcode';
import type request from 'supertest';
import { DATA_POINTS, passportUrn } from '#libs/passport';
import { describeOnStores, type TestRole } from './support/api-harness.js';
import { seedPassportMix, type PassportMix } from './support/passport-mix.js';

const PROBLEM = 'application/problem+json; charset=utf-8';
const STANDARD = ['catenax-6.1.0', 'batterypass-1.2'] as const;

/** supertest buffers only text and JSON on its own. */
const asText = (response: request.Response, done: (error: Error | null, body: string) => void) => {
  const stream = response as unknown as NodeJS.ReadableStream;
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (text += chunk));
  stream.on('end', () => done(null, text));
};

interface TableRow {
  tier: string;
  catenax: string[];
  batterypass: string[];
}

/** docs/passport.md "Mapping table": `| \`section.name\` | tier | annex | source | catenax | batterypass |`. */
function mappingTable(): Map<string, TableRow> {
  const doc = readFileSync(new URL('../../docs/passport.md', import.meta.url), 'utf8');
  const table = doc.slice(doc.indexOf('## Mapping table'));
  const paths = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
  return new Map(
    [...table.matchAll(/^\| `([\w.]+)` \| ([\w-]+) \| [^|]+ \| \w+ \| ([^|]+) \| ([^|]+) \|$/gm)].map(
      ([, key, tier, catenax, batterypass]) => [key!, { tier: tier!, catenax: paths(catenax!), batterypass: paths(batterypass!) }],
    ),
  );
}

describeOnStores('battery passport over HTTP', (api) => {
  let mix: PassportMix;
  beforeAll(async () => {
    mix = await seedPassportMix(api());
  }, 120_000);

  const passport = (id: string, format?: string, role?: TestRole) => {
    const request = api().http.get(`/api/v1/batteries/${id}/passport${format ? `?format=${format}` : ''}`);
    return role ? request.set(api().bearer(role)) : request;
  };
  const live = () => [mix.original, mix.reused, mix.firstPredecessor, mix.successor, mix.remanufacturedFrom, mix.remanufactured, mix.waste];

  describe('identity and links', () => {
    test('given a re-used battery, its passport is its second, linked to its first', async () => {
      const { body } = await passport(mix.reused, undefined, 'auditor').expect(200);
      expect(body).toMatchObject({
        batteryId: mix.reused,
        passportId: passportUrn(mix.reused, 1),
        predecessorPassportIds: [passportUrn(mix.reused, 0)],
        status: 're-used',
      });
      expect(body.economicOperator).toEqual({ role: 'second-life-operator', name: 'GridCell' });
    });

    test("given a successor repurposed from two batteries, its first passport links to each predecessor's passport before the repurposing", async () => {
      const { body } = await passport(mix.successor, 'cellpath', 'auditor').expect(200);
      expect(body.passportId).toBe(passportUrn(mix.successor, 0));
      expect(body.predecessorPassportIds).toEqual([passportUrn(mix.firstPredecessor, 0), passportUrn(mix.secondPredecessor, 0)]);
      // The predecessors' own repurposing opened their next passport.
      expect((await passport(mix.firstPredecessor, 'cellpath', 'auditor').expect(200)).body.passportId).toBe(
        passportUrn(mix.firstPredecessor, 1),
      );
    });

    test('given a remanufactured battery and its successor, both link back', async () => {
      expect((await passport(mix.remanufacturedFrom, undefined, 'auditor').expect(200)).body).toMatchObject({
        status: 'remanufactured',
        predecessorPassportIds: [passportUrn(mix.remanufacturedFrom, 0)],
      });
      expect((await passport(mix.remanufactured, undefined, 'auditor').expect(200)).body.predecessorPassportIds).toEqual([
        passportUrn(mix.remanufacturedFrom, 0),
      ]);
    });

    test('given waste, the waste operator is responsible and the passport still answers', async () => {
      const { body } = await passport(mix.waste, undefined, 'auditor').expect(200);
      expect(body).toMatchObject({ status: 'waste', economicOperator: { role: 'waste-operator', name: 'SungEel HiTech' } });
    });

    test('given a recycled battery, every passport endpoint answers 410 passport-ceased, and its history stays', async () => {
      for (const path of ['passport', 'passport?format=catenax-6.1.0', 'passport/completeness', 'qr.svg']) {
        const response = await api().http.get(`/api/v1/batteries/${mix.recycled}/${path}`).set(api().bearer('auditor'));
        expect([path, response.status, response.headers['content-type'], response.body.rule]).toEqual([
          path,
          410,
          PROBLEM,
          'passport-ceased',
        ]);
      }
      expect((await passport(mix.recycled).expect(410)).body.rule).toBe('passport-ceased');
      await api().http.get(`/api/v1/batteries/${mix.recycled}/history`).set(api().bearer('auditor')).expect(200);
    });
  });

  describe('standard formats without an attached source', () => {
    test.each(STANDARD)(
      'given no source, %s answers 409 passport-incomplete naming each missing path, the same the completeness report lists',
      async (format) => {
        for (const id of live()) {
          const refused = await passport(id, format, 'auditor').expect(409);
          expect(refused.headers['content-type']).toBe(PROBLEM);
          expect(refused.body.rule).toBe('passport-incomplete');
          const report = await api()
            .http.get(`/api/v1/batteries/${id}/passport/completeness?format=${format}`)
            .set(api().bearer('auditor'))
            .expect(200);
          expect(report.body).toEqual({ format, complete: false, missing: refused.body.errors });
          const fields = (refused.body.errors as { field: string }[]).map((error) => error.field);
          expect(fields).toEqual(
            expect.arrayContaining(
              format === 'catenax-6.1.0'
                ? ['metadata.backupReference', 'conformity', 'safety']
                : ['CarbonFootprintForBatteries', 'Circularity'],
            ),
          );
          // What the battery's own events give is never reported missing.
          expect(fields).not.toContain(format === 'catenax-6.1.0' ? 'sustainability.status' : 'GeneralProductInformation.batteryStatus');
        }
      },
    );

    test('given the cellpath format, the completeness report lists the data points no event recorded', async () => {
      const { body } = await api()
        .http.get(`/api/v1/batteries/${mix.waste}/passport/completeness`)
        .set(api().bearer('auditor'))
        .expect(200);
      expect(body.format).toBe('cellpath');
      expect(body.missing.map((m: { field: string }) => m.field)).toEqual(
        expect.arrayContaining(['sections.condition.stateOfHealthPct', 'sections.testReports.diagnosis']),
      );
    });

    test.each(STANDARD)('given no key, %s answers 401', async (format) => {
      const response = await passport(mix.original, format).expect(401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
    });

    test('given an unknown format, 400 names the field; an unknown key is 401, not the public tier', async () => {
      const response = await passport(mix.original, 'pdf', 'auditor').expect(400);
      expect(response.body.errors).toEqual([{ field: 'format', message: expect.stringContaining('cellpath') }]);
      await passport(mix.original).set('Authorization', 'Bearer not-a-key').expect(401);
      await passport('NO-SUCH-BATTERY', undefined, 'auditor').expect(404);
    });
  });

  describe('tiers', () => {
    test('given no key, the cellpath passport is the public tier: no status, no state of health, nothing battery-specific', async () => {
      for (const id of live()) {
        const { body } = await passport(id).expect(200);
        expect(body.tier).toBe('public');
        expect(body.status).toBeNull();
        const tiers = Object.values(body.sections as Record<string, Record<string, { tier: string }>>).flatMap((section) =>
          Object.values(section).map((point) => point.tier),
        );
        expect(new Set(tiers)).toEqual(new Set(['public']));
        expect(body.sections.condition).toBeUndefined();
      }
    });

    test.each([
      ['auditor', 'legitimate-interest'],
      ['operator', 'legitimate-interest'],
      ['recycler', 'legitimate-interest'],
      ['authority', 'authority'],
      ['admin', 'authority'],
    ] as const)('given the %s role, the tier is %s', async (role, tier) => {
      const { body } = await passport(mix.original, undefined, role).expect(200);
      expect(body.tier).toBe(tier);
      expect(body.status).toBe('original');
      expect(body.sections.condition.stateOfHealthPct).toMatchObject({ value: 86.4, tier: 'legitimate-interest' });
      expect(body.sections.testReports !== undefined).toBe(tier === 'authority');
    });

    test('the authority role is read-only: a command is 403', async () => {
      await api().http.post('/api/v1/batteries').set(api().bearer('authority')).send({}).expect(403);
    });

    test('every data point of the cellpath format has the tier and paths of the mapping table in docs/passport.md, and every row is produced', async () => {
      const table = mappingTable();
      expect(table.size).toBe(DATA_POINTS.length);
      const seen = new Set<string>();
      for (const id of live()) {
        const { body } = await passport(id, 'cellpath', 'authority').expect(200);
        for (const [section, points] of Object.entries(body.sections as Record<string, Record<string, { tier: string }>>)) {
          for (const [name, point] of Object.entries(points)) {
            const key = `${section}.${name}`;
            seen.add(key);
            expect([key, point.tier]).toEqual([key, table.get(key)?.tier]);
          }
        }
      }
      expect([...table.keys()].filter((key) => !seen.has(key))).toEqual([]);
      for (const point of DATA_POINTS) {
        const row = table.get(`${point.section}.${point.name}`);
        expect([point.name, row?.catenax, row?.batterypass]).toEqual([
          point.name,
          [...new Set(point.catenax.map((w) => w.path))],
          [...new Set(point.batterypass.map((w) => w.path))],
        ]);
      }
    });
  });

  describe('label QR code and public page', () => {
    test('the QR code holds PUBLIC_BASE_URL/passport/{id}', async () => {
      const response = await api()
        .http.get(`/api/v1/batteries/${mix.original}/qr.svg`)
        .set(api().bearer('auditor'))
        .buffer(true)
        .parse(asText)
        .expect(200);
      expect(response.headers['content-type']).toMatch(/^image\/svg\+xml/);
      // Decoded from pixels in passport-browser.spec.ts; here, the same code drawn for the expected URL.
      const expected = await QRCode.toString(`https://cellpath.example/passport/${mix.original}`, {
        type: 'svg',
        errorCorrectionLevel: 'M',
        margin: 4,
      });
      expect(response.body).toBe(expected);
      await api().http.get(`/api/v1/batteries/${mix.original}/qr.svg`).expect(401);
    });

    test('the public page is HTML in Korean and English, without script, with a strict policy, and shows no status', async () => {
      const response = await api().http.get(`/passport/${mix.reused}`).expect(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      const policy = response.headers['content-security-policy'] as string;
      expect(policy).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; font-src 'self'/);
      expect(policy).not.toMatch(/unsafe|script-src/);
      expect(response.text).not.toMatch(/<script/i);
      expect(response.text).toContain('배터리 여권');
      expect(response.text).toContain('Battery passport');
      expect(response.text).toContain(passportUrn(mix.reused, 1));
      expect(response.text).not.toMatch(/re-used|86\.4/);
    });

    test('a recycled battery gets a 410 page, an unknown one a 404 page', async () => {
      expect((await api().http.get(`/passport/${mix.recycled}`).expect(410)).text).toContain('passport has ceased');
      expect((await api().http.get('/passport/NO-SUCH-BATTERY').expect(404)).headers['content-type']).toBe('text/html; charset=utf-8');
      await api()
        .http.get(`/passport/${'x'.repeat(300)}`)
        .expect(404);
      // The id is echoed on the page: escaped, never markup.
      const hostile = await api()
        .http.get(`/passport/${encodeURIComponent('<img src=x onerror=alert(1)>')}`)
        .expect(404);
      expect(hostile.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(hostile.text).not.toContain('<img');
    });
  });

  describe('certificate verdict page', () => {
    const verify = (id: string, accept?: string) => {
      const request = api().http.get(`/api/v1/certificates/${id}/verify`);
      return accept ? request.set('Accept', accept) : request;
    };
    const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

    test('given a browser Accept header, the verdict is a page; JSON stays the default for */*, none and application/json', async () => {
      const page = await verify(mix.validCertificate, BROWSER).expect(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.headers.vary).toBe('Accept');
      expect(page.text).toContain('유효한 인증서입니다');
      expect(page.text).toContain('Valid certificate');
      expect(page.text).not.toMatch(/<script/i);
      for (const accept of [undefined, '*/*', 'application/json', 'application/json, text/html;q=0.5']) {
        const json = await verify(mix.validCertificate, accept).expect(200);
        expect([accept, json.headers['content-type']]).toEqual([accept, 'application/json; charset=utf-8']);
        expect(json.body.valid).toBe(true);
      }
    });

    test('given a revoked certificate, the page says it is not valid and why', async () => {
      const page = await verify(mix.revokedCertificate, 'text/html').expect(200);
      expect(page.text).toContain('Not a valid certificate');
      expect(page.text).toContain('the issuer revoked it');
      expect(page.text).toContain('insulation test record found falsified');
    });

    test('given a certificate id never issued here, the page says so (404); JSON clients still get problem+json', async () => {
      const page = await verify('CERT-FORGED-1', BROWSER).expect(404);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.text).toContain('No such certificate was issued here');
      expect((await verify('CERT-FORGED-1').expect(404)).headers['content-type']).toBe(PROBLEM);
    });
  });
});
