import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openPostgres, type Database } from '#libs/database';
import { SqlEventStore, comparePositions, type RecordedEvent } from '#libs/event-store';
import {
  batteryList,
  certificatesView,
  circularityView,
  gradesView,
  inventoryView,
  lifecycleView,
  materialsView,
  projectEvents,
  queryBatteryList,
  queryCertificatesView,
  queryCircularityView,
  queryGradesView,
  queryInventoryView,
  queryLifecycleView,
  queryMaterialsView,
} from '#libs/projections';
import { waitFor } from '../support/async.js';
import { startApiProcess, type ApiProcess } from '../support/api-process.js';
import { postgresTarget } from '../support/targets.js';
import { startProjectorProcess, type ProjectorProcess } from '../reliability/support/cluster.js';
import { API_KEYS, SECRETS } from './support/api-harness.js';
import { httpCommand, journey, type JourneyCommand } from '#libs/battery-journey';

const WORKERS = 8;
const LOAD_BEFORE_KILL_MS = 2_500;
const LOAD_AFTER_KILL_MS = 1_500;
const FROZEN_MS = 1_500;
const KILL_AFTER_THAW_MS = 40;

async function post(api: ApiProcess, command: JourneyCommand): Promise<Record<string, unknown>> {
  const { path, role, body } = httpCommand(command);
  const response = await fetch(api.baseUrl + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${SECRETS[role]}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as Record<string, unknown>;
  if (response.status !== 201) throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

/** Lifecycles from several workers until `until`; returns the highest position a command returned. */
async function load(api: ApiProcess, siteId: string, until: () => boolean): Promise<string> {
  let highest = '0';
  let stored = 0;
  const noted = (answer: Record<string, unknown>) => {
    if (comparePositions(answer.position as string, highest) > 0) highest = answer.position as string;
  };
  await Promise.all(
    Array.from({ length: WORKERS }, async (_, worker) => {
      for (let round = 0; !until(); round++) {
        const registration = journey.register({ chemistry: (['NMC', 'LFP', 'NCA'] as const)[round % 3] });
        const id = registration.batteryId;
        noted(await post(api, registration));
        noted(await post(api, journey.receive(id, siteId, { stateOfChargePct: 40 + round })));
        const soh = 50 + ((worker * 7 + round * 13) % 50);
        noted(await post(api, journey.evaluate(id, { method: 'bms-data', stateOfHealthPct: soh, remainingCapacityAh: 120 })));
        if (round % 3 === 0) noted(await post(api, journey.store(id, siteId, 'Z-A', `W${worker}-${stored++}`, { stateOfChargePct: 45 })));
        else if (soh < 60) {
          noted(await post(api, journey.handOver(id)));
          noted(await post(api, journey.recyclingOutcome(id, { recovered: { lithiumKg: 3, cobaltKg: 3.5 } })));
        } else {
          noted(await post(api, journey.diagnose(id)));
          noted(await post(api, journey.certify(id)));
        }
      }
    }),
  );
  return highest;
}

async function checkpoints(db: Database): Promise<Map<string, string>> {
  const { rows } = await db.query<{ name: string; position: string }>(
    'select name, position::text as position from projection_checkpoints',
  );
  return new Map(rows.map((row) => [row.name, row.position]));
}

async function everyEvent(store: SqlEventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ fromPosition: events.at(-1)?.position, limit: 1000 });
    if (page.length === 0) return events;
    events.push(...page);
  }
}

const skip = process.env.DATABASE_URL ? undefined : 'DATABASE_URL is unset: two projector processes need one shared PostgreSQL database';
if (skip) console.warn(`SKIPPED projector processes: ${skip}`);

(skip ? describe.skip : describe)('two projector processes on one PostgreSQL database', () => {
  let url: string;
  let stopTarget: () => Promise<void>;
  let dataDir: string;
  let db: Database;
  const processes: { kill(signal: NodeJS.Signals): Promise<void> }[] = [];

  beforeAll(async () => {
    const target = await postgresTarget();
    if ('skip' in target) throw new Error(target.skip);
    ({ url, stop: stopTarget } = target);
    dataDir = mkdtempSync(join(tmpdir(), 'cellpath-projector-'));
    db = await openPostgres(url);
  });

  afterAll(async () => {
    await Promise.all(processes.map((child) => child.kill('SIGTERM')));
    await db?.close();
    await stopTarget?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('one applies, the other takes over when it is SIGKILLed mid-run; nothing applied twice, views equal a fold of the log', async () => {
    const projector = async (name: string): Promise<ProjectorProcess> => {
      const started = await startProjectorProcess({ DATABASE_URL: url, DATA_DIR: join(dataDir, name) });
      processes.push(started);
      return started;
    };
    const leader = await projector('a');
    expect(leader.output()).toMatch(/"leader":true,"msg":"projector started"/);
    const standby = await projector('b');
    expect(standby.output()).toMatch(/"leader":false,"msg":"projector started"/);

    const api = await startApiProcess({ API_KEYS, DATABASE_URL: url, DATA_DIR: join(dataDir, 'api'), CELLPATH_RUN_PROJECTIONS: 'false' });
    processes.push(api);
    const health = (await (await fetch(`${api.baseUrl}/health`, { headers: { authorization: `Bearer ${SECRETS.auditor}` } })).json()) as {
      details: { projections: Record<string, unknown> };
    };
    expect(health.details.projections).toMatchObject({ status: 'up', appliedHere: false, leader: false });

    // Checkpoints only ever move forward: re-applying events would mean moving one back first.
    const seen = new Map<string, string[]>();
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        for (const [name, position] of await checkpoints(db)) {
          const positions = seen.get(name) ?? [];
          if (positions.at(-1) !== position) seen.set(name, [...positions, position]);
        }
        await sleep(20);
      }
    })();

    const site = journey.createSite({ zones: [{ zone: 'Z-A', kind: 'standard', capacity: 10_000 }] });
    await post(api, site);
    let killedAt = Number.POSITIVE_INFINITY;
    const running = load(api, site.siteId, () => Date.now() > killedAt + LOAD_AFTER_KILL_MS);
    await sleep(LOAD_BEFORE_KILL_MS);
    const beforeKill = await checkpoints(db);
    expect(comparePositions(beforeKill.get('batteries')!, '0')).toBeGreaterThan(0);
    // Frozen (well within its lease), the leader falls behind; thawed, it catches up in batches
    // and dies in the middle of that.
    leader.child.kill('SIGSTOP');
    await sleep(FROZEN_MS);
    leader.child.kill('SIGCONT');
    await sleep(KILL_AFTER_THAW_MS);
    await leader.kill('SIGKILL');
    killedAt = Date.now();
    const lastPosition = await running;
    const stranded = await checkpoints(db);
    // The kill left events unapplied (some maybe half-applied, rolled back): the standby takes over from there.
    expect(comparePositions(stranded.get('batteries')!, lastPosition)).toBeLessThan(0);

    // The 15 s lease expires, then the standby's next check (every third of the TTL) takes it; a loaded machine adds to both.
    await waitFor('the standby to take the lease', () => standby.output().includes('projection lease taken; applying events'), 60_000);
    // Read-your-writes across processes: the API applies nothing and waits on the checkpoints.
    await waitFor(
      'the views to reach the last command',
      async () =>
        (
          await fetch(`${api.baseUrl}/api/v1/views/lifecycle?minPosition=${lastPosition}`, {
            headers: { authorization: `Bearer ${SECRETS.auditor}` },
          })
        ).status === 200,
      30_000,
    );
    await waitFor('every projection to reach the last command', async () =>
      [...(await checkpoints(db)).values()].every((position) => position === lastPosition),
    );
    watching = false;
    await watcher;

    for (const [name, positions] of seen) {
      const ordered = [...positions].sort(comparePositions);
      expect({ name, positions }).toEqual({ name, positions: ordered });
    }

    const store = await SqlEventStore.open(db);
    const events = await everyEvent(store);
    const state = projectEvents(events);
    expect(lastPosition).toBe(state.position);
    const now = new Date();
    expect(await queryLifecycleView(db)).toEqual(lifecycleView(state));
    expect(await queryGradesView(db)).toEqual(gradesView(state));
    expect(await queryCircularityView(db)).toEqual(circularityView(state));
    expect(await queryMaterialsView(db)).toEqual(materialsView(state));
    expect(await queryCertificatesView(db, { now })).toEqual(certificatesView(state, { now }));
    expect(await queryInventoryView(db, { now })).toEqual(inventoryView(state, { now }));
    expect(await queryBatteryList(db, { limit: 500 })).toEqual(batteryList(state, { limit: 500 }));
    expect(lifecycleView(state).total).toBeGreaterThan(WORKERS);

    const served = (await (
      await fetch(`${api.baseUrl}/api/v1/views/lifecycle`, { headers: { authorization: `Bearer ${SECRETS.auditor}` } })
    ).json()) as object;
    expect(served).toEqual(lifecycleView(state));
    console.info(
      `projector handover: ${events.length} events; leader killed at batteries checkpoint ${beforeKill.get('batteries')}, ` +
        `left at ${stranded.get('batteries')}, head ${lastPosition}; checkpoints seen ${[...seen.values()].map((p) => p.length).join('/')}`,
    );
  }, 180_000);
});
