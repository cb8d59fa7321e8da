import fc from 'fast-check';
import { describeOnStores, type ApiHarness } from './support/api-harness.js';
import { aRegistration, aSite } from '#libs/battery-journey';
import { lifecycleSteps } from './support/lifecycle-steps.js';
import {
  exponentFormRequests,
  hostileRequests,
  type FuzzEndpoint,
  type HostileRequest,
  type HostileRequests,
} from './fuzz-hostile-inputs.js';

/** Runs per endpoint and input family (body, headers, path id); FUZZ_RUNS=200 for a long run. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 8);
const PROBLEM = /^application\/problem\+json/;
/**
 * Codes of refusals Fastify's router makes before any hook (a path parameter over maxParamLength,
 * broken percent-encoding). The app's frameworkErrors handler answers them as problem+json; a
 * body with one of these codes would mean Fastify answered by itself, counted apart.
 */
const RAW_FRAMEWORK_CODES = new Set(['FST_ERR_MAX_PARAM_LENGTH', 'FST_ERR_BAD_URL']);

const ISSUED = '2026-01-02T03:04:05Z';

/** Batteries in the state each command needs, so only the hostile part of a request can make it fail. */
async function fixtures(api: ApiHarness) {
  const s = lifecycleSteps(api);
  const { site } = await s.createSite(
    aSite({
      zones: [
        { zone: 'Z-A', kind: 'standard', capacity: 50 },
        { zone: 'Z-ISO', kind: 'isolation', capacity: 5 },
      ],
    }),
  );
  const registered = (await s.register()).id;
  const received = (await s.register()).id;
  await s.receive(received, site.siteId).expect(201);
  const stored = (await s.register()).id;
  await s.receive(stored, site.siteId).expect(201);
  await s.store(stored, site.siteId, 'Z-A', 'A-1').expect(201);
  const certifiable = (await s.certifiableBattery()).id;
  const certified = (await s.certifiableBattery()).id;
  const { certificateId } = (await s.certify(certified).expect(201)).body as { certificateId: string };
  const handedOver = (await s.register()).id;
  await s.receive(handedOver, site.siteId).expect(201);
  await s.handOver(handedOver).expect(201);
  const projections = (await api.http.get('/api/v1/admin/projections').set(api.bearer('admin')).expect(200)).body as { name: string }[];
  return {
    siteId: site.siteId,
    registered,
    received,
    stored,
    certifiable,
    certified,
    certificateId,
    handedOver,
    projection: projections[0]!.name,
  };
}

function endpoints(fx: Awaited<ReturnType<typeof fixtures>>): FuzzEndpoint[] {
  const battery = (step: string) => (id: string) => `/api/v1/batteries/${id}/${step}`;
  return [
    {
      route: 'POST /api/v1/sites',
      role: 'operator',
      forbiddenRole: 'evaluator',
      path: () => '/api/v1/sites',
      base: () => aSite(),
      required: ['siteId', 'name', 'zones', 'zones.0.zone', 'zones.0.kind', 'zones.0.capacity'],
      positive: ['zones.0.capacity'],
      commandHeaders: true,
    },
    {
      route: 'POST /api/v1/batteries',
      role: 'operator',
      forbiddenRole: 'evaluator',
      path: () => '/api/v1/batteries',
      base: () => aRegistration({ serialNumber: 'KR-7G2-000981', manufacturingPlace: 'Ulsan', predecessorIds: ['BAT-OLD-1'] }),
      required: [
        'batteryId',
        'level',
        'category',
        'chemistry',
        'manufacturer',
        'model',
        'manufacturingDate',
        'massKg',
        'ratedCapacityAh',
        'ratedEnergyKWh',
        'nominalVoltageV',
      ],
      positive: ['massKg', 'ratedCapacityAh', 'ratedEnergyKWh', 'nominalVoltageV'],
      commandHeaders: true,
    },
    {
      route: 'POST /api/v1/batteries/:id/receipts',
      role: 'operator',
      forbiddenRole: 'evaluator',
      path: battery('receipts'),
      id: fx.registered,
      base: () => ({
        siteId: fx.siteId,
        source: 'dealer',
        hazardClass: 'intact',
        stateOfChargePct: 45,
        occurredAt: ISSUED,
        notes: 'pallet 7',
      }),
      required: ['siteId', 'source', 'hazardClass'],
      commandHeaders: true,
    },
    {
      route: 'POST /api/v1/batteries/:id/evaluations',
      role: 'evaluator',
      forbiddenRole: 'operator',
      path: battery('evaluations'),
      id: fx.received,
      base: () => ({
        method: 'full-capacity-test',
        stateOfHealthPct: 86.4,
        remainingCapacityAh: 155.5,
        visualInspection: 'pass',
        remainingEnergyKWh: 55.3,
        internalResistanceMOhm: 92.5,
        selfDischargePctPerMonth: 1.8,
        cellVoltageSpreadMV: 18,
        insulationResistanceMOhm: 550,
        numberOfFullCycles: 412,
        negativeEvents: ['casing dent'],
        occurredAt: ISSUED,
      }),
      required: ['method', 'stateOfHealthPct', 'remainingCapacityAh', 'visualInspection'],
      commandHeaders: true,
    },
    {
      route: 'POST /api/v1/batteries/:id/storage',
      role: 'operator',
      forbiddenRole: 'evaluator',
      path: battery('storage'),
      id: fx.received,
      base: () => ({ siteId: fx.siteId, zone: 'Z-A', slot: 'A-2', stateOfChargePct: 40, occurredAt: ISSUED }),
      required: ['siteId', 'zone', 'slot'],
      commandHeaders: true,
    },
    {
      route: 'POST /api/v1/batteries/:id/storage/release',
      role: 'operator',
      forbiddenRole: 'evaluator',
      path: battery('storage/release'),
      id: fx.stored,
      base: () => ({ reason: 'picked for diagnosis', occurredAt: ISSUED }),
      required: ['reason'],
      commandHeaders: true,
    },
    {
      route: 'POST /api/v1/batteries/:id/diagnoses',
      role: 'evaluator',
      forbiddenRole: 'operator',
      path: battery('diagnoses'),
      id: fx.received,
      base: () => ({
        tests: [{ name: 'insulation', result: 'pass', value: 550, unit: 'MΩ' }],
        verdict: 'pass',
        standard: 'UL 1974',
        occurredAt: ISSUED,
      }),
      required: ['tests', 'verdict', 'tests.0.name', 'tests.0.result'],
      commandHeaders: true,
    },
    {
      route: 'POST /api/v1/batteries/:id/certificates',
      role: 'certifier',
      forbiddenRole: 'recycler',
      path: battery('certificates'),
      id: fx.certifiable,
      base: () => ({ applications: ['ess', 'ups'], validMonths: 24, standard: 'UL 1974' }),
      required: ['applications'],
      positive: ['validMonths'],
      commandHeaders: true,
    },
    {
      route: 'POST /api/v1/batteries/:id/second-life',
      role: 'operator',
      forbiddenRole: 'evaluator',
      path: battery('second-life'),
      id: fx.certified,
      base: () => ({ kind: 're-used', application: 'ess', operatorName: 'GridCell', occurredAt: ISSUED }),
      required: ['kind', 'application', 'operatorName'],
      commandHeaders: true,
    },
    {
      route: 'POST /api/v1/batteries/:id/recycling',
      role: 'recycler',
      forbiddenRole: 'auditor',
      path: battery('recycling'),
      id: fx.received,
      base: () => ({ recycler: 'SungEel HiTech', reason: 'grade C', occurredAt: ISSUED }),
      required: ['recycler'],
      commandHeaders: true,
    },
    {
      route: 'POST /api/v1/batteries/:id/recycling/outcome',
      role: 'recycler',
      forbiddenRole: 'auditor',
      path: battery('recycling/outcome'),
      id: fx.handedOver,
      base: () => ({
        process: 'hydrometallurgy',
        inputMassKg: 400,
        recovered: { lithiumKg: 3, cobaltKg: 3.8, nickelKg: 22 },
        blackMassKg: 160,
        occurredAt: ISSUED,
      }),
      required: ['process', 'inputMassKg', 'recovered'],
      positive: ['inputMassKg'],
      commandHeaders: true,
    },
    {
      route: 'POST /api/v1/certificates/:certificateId/revocation',
      role: 'certifier',
      forbiddenRole: 'recycler',
      path: (id) => `/api/v1/certificates/${id}/revocation`,
      id: fx.certificateId,
      base: () => ({ reason: 'insulation fault' }),
      required: ['reason'],
      commandHeaders: true,
    },
    // A valid dead-letter request is refused too (409: the projection has not failed), so every body variant must be.
    {
      route: 'POST /api/v1/admin/projections/:name/dead-letter',
      role: 'admin',
      forbiddenRole: 'operator',
      path: (id) => `/api/v1/admin/projections/${id}/dead-letter`,
      id: fx.projection,
      base: () => ({ eventId: '0b4cf3a2-7d51-4e44-9a57-3f0f6a1d2c9e' }),
      required: ['eventId'],
      commandHeaders: false,
    },
    // Takes no body and a valid request starts a rebuild (202): only its path id and authentication are fuzzed.
    {
      route: 'POST /api/v1/admin/projections/:name/rebuild',
      role: 'admin',
      forbiddenRole: 'operator',
      path: (id) => `/api/v1/admin/projections/${id}/rebuild`,
      id: fx.projection,
      commandHeaders: false,
    },
  ];
}

/**
 * Counted in the table rather than through headPosition, which hides events behind the
 * visibility horizon: a transaction elsewhere in the PostgreSQL cluster can hold it back, so the
 * fixtures' own last events may only become visible during the run.
 */
async function countEvents(api: ApiHarness): Promise<number> {
  const { rows } = await api.infrastructure.database.query<{ n: number }>('select count(*)::int as n from events');
  return rows[0]!.n;
}

async function send(api: ApiHarness, role: FuzzEndpoint['role'], request: HostileRequest) {
  return (
    api.http
      .post(request.path)
      .set(api.bearer(role))
      .set(request.headers)
      // Raw bytes (invalid UTF-8, 1e400): superagent sends a Buffer as is, though its types say string.
      .serialize((body: Buffer) => body as unknown as string)
      .send(request.body)
  );
}

describeOnStores('hostile input on every POST endpoint', (api) => {
  const tally = { tried: 0, byFamily: new Map<string, number>(), byStatus: new Map<number, number>(), rawFramework: 0 };
  let fx: Awaited<ReturnType<typeof fixtures>>;
  let eventsBefore: number;
  let started: number;

  beforeAll(async () => {
    fx = await fixtures(api());
    eventsBefore = await countEvents(api());
    started = Date.now();
  }, 120_000);

  afterAll(() => {
    const families = [...tally.byFamily].map(([family, n]) => `${family} ${n}`).join(', ');
    const statuses = [...tally.byStatus]
      .sort(([a], [b]) => a - b)
      .map(([status, n]) => `${status}×${n}`)
      .join(' ');
    console.log(
      `fuzz [${api().kind}]: ${tally.tried} hostile requests in ${((Date.now() - started) / 1000).toFixed(1)} s, answers ${statuses}; ` +
        `${tally.rawFramework} answered by Fastify/Node before the app (not problem+json); by family: ${families}`,
    );
  });

  async function expectRefused(endpoint: FuzzEndpoint, request: HostileRequest) {
    const response = await send(api(), endpoint.role, request);
    tally.tried++;
    tally.byFamily.set(request.family, (tally.byFamily.get(request.family) ?? 0) + 1);
    tally.byStatus.set(response.status, (tally.byStatus.get(response.status) ?? 0) + 1);
    const raw = RAW_FRAMEWORK_CODES.has((response.body as { code?: string })?.code ?? '');
    if (raw) tally.rawFramework++;
    if (response.status < 400 || response.status >= 500 || (!raw && !PROBLEM.test(response.headers['content-type'] ?? ''))) {
      const sample =
        request.body.length > 300
          ? `${request.body.subarray(0, 300).toString('latin1')}… (${request.body.length} bytes)`
          : request.body.toString('latin1');
      throw new Error(
        `${endpoint.route} [${request.family}] answered ${response.status} ${response.headers['content-type']}: ${JSON.stringify(response.body).slice(0, 300)}\nrequest ${request.path.slice(0, 200)} ${JSON.stringify(request.headers).slice(0, 300)}\n${sample}`,
      );
    }
    return response;
  }

  const property =
    (endpoint: () => FuzzEndpoint, pick: (arbitraries: HostileRequests) => fc.Arbitrary<HostileRequest> | undefined) => async () => {
      const arbitrary = pick(hostileRequests(endpoint()));
      if (!arbitrary) return;
      await fc.assert(
        fc.asyncProperty(arbitrary, async (request) => void (await expectRefused(endpoint(), request))),
        { numRuns: RUNS },
      );
    };

  // The routes are known before the fixtures exist; the test bodies read the fixtures when they run.
  const ROUTES = endpoints({
    siteId: '',
    registered: '',
    received: '',
    stored: '',
    certifiable: '',
    certified: '',
    certificateId: '',
    handedOver: '',
    projection: '',
  }).map((e) => e.route);
  const endpoint = (index: number) => () => endpoints(fx)[index]!;
  for (const [index, route] of ROUTES.entries()) {
    test(
      `${route}: hostile bodies are 4xx`,
      property(endpoint(index), (a) => a.body),
      120_000,
    );
    test(
      `${route}: hostile path ids are 4xx`,
      property(endpoint(index), (a) => a.pathId),
      120_000,
    );
  }
  for (const [index, route] of ROUTES.entries()) {
    test(
      `${route}: hostile headers are 4xx`,
      property(endpoint(index), (a) => a.headers),
      120_000,
    );
  }
  test('every numeric field of every route: each too-precise exponent form is 400 naming that field', async () => {
    const failures: string[] = [];
    let sent = 0;
    for (const endpoint of endpoints(fx)) {
      for (const { field, token, request } of exponentFormRequests(endpoint)) {
        const response = await expectRefused(endpoint, request);
        sent++;
        const fields = ((response.body as { errors?: { field: string }[] }).errors ?? []).map((e) => e.field);
        if (response.status !== 400 || !fields.includes(field))
          failures.push(`${endpoint.route} ${field}=${token}: ${response.status} ${fields.join(',')}`);
      }
    }
    expect(sent).toBeGreaterThan(200);
    expect(failures).toEqual([]);
  }, 120_000);

  // Last: bad keys spend the client address's failed-authentication budget (then 429 on keyed routes).
  for (const [index, route] of ROUTES.entries()) {
    test(
      `${route}: bad keys and wrong roles are 401/403`,
      property(endpoint(index), (a) => a.authentication),
      120_000,
    );
  }

  test('nothing was written and the process still serves', async () => {
    expect(await countEvents(api())).toBe(eventsBefore);
    await api().http.get('/health').expect(200);
  });
});
