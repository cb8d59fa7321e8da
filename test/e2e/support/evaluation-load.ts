import { httpCommand, journey, type JourneyCommand } from '#libs/battery-journey';
import type { Database } from '#libs/database';
import { SqlEventStore } from '#libs/event-store';
import { batteryStream } from '../../../apps/api/src/lifecycle/stream-names.js';
import type { ApiProcess } from '../../support/api-process.js';
import { SECRETS } from './api-harness.js';

export interface Acknowledged {
  batteryId: string;
  revision: number;
  stateOfHealthPct: number;
}

export interface LoadOutcome {
  acknowledged: Acknowledged[];
  /** Every request not answered 201: cut off by a kill, refused, or failed. */
  failed: number;
  /** Of those, answered 5xx: a fault the server reported instead of a clean refusal. */
  serverErrors: number;
}

async function send(api: ApiProcess, command: JourneyCommand) {
  const { path, role, body } = httpCommand(command);
  const response = await fetch(api.baseUrl + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${SECRETS[role]}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A site and `count` batteries received there, ready for evaluations. */
export async function receivedBatteries(api: ApiProcess, count: number): Promise<string[]> {
  const site = journey.createSite();
  if ((await send(api, site)).status !== 201) throw new Error('site not created');
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const registration = journey.register();
    const registered = await send(api, registration);
    const received = await send(api, journey.receive(registration.batteryId, site.siteId, { source: 'oem' }));
    if (registered.status !== 201 || received.status !== 201) throw new Error(`battery ${registration.batteryId} not received`);
    ids.push(registration.batteryId);
  }
  return ids;
}

/** Evaluations from `workers` concurrent clients until the deadline (or the signal); only 201s count as acknowledged. */
export async function evaluationLoad(api: ApiProcess, ids: string[], until: number | AbortSignal, workers = 16): Promise<LoadOutcome> {
  const outcome: LoadOutcome = { acknowledged: [], failed: 0, serverErrors: 0 };
  const running = () => (typeof until === 'number' ? Date.now() < until : !until.aborted);
  let sequence = 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (running()) {
        const batteryId = ids[(worker + sequence) % ids.length]!;
        const stateOfHealthPct = 50 + (sequence++ % 5000) / 100;
        try {
          const r = await send(api, journey.evaluate(batteryId, { method: 'bms-data', stateOfHealthPct, remainingCapacityAh: 100 }));
          if (r.status === 201) outcome.acknowledged.push({ batteryId, revision: r.body.revision as number, stateOfHealthPct });
          else {
            outcome.failed++;
            if (r.status >= 500) outcome.serverErrors++;
          }
        } catch {
          outcome.failed++;
        }
      }
    }),
  );
  return outcome;
}

/**
 * Reads every battery's stream back from the store: the acknowledged evaluations not found at
 * their answered revision (lost or overwritten), and the streams whose revisions are not 0…n-1.
 */
export async function auditAcknowledged(
  database: Database,
  ids: string[],
  acknowledged: Acknowledged[],
): Promise<{ lost: Acknowledged[]; gaps: string[] }> {
  const store = await SqlEventStore.open(database);
  const lost: Acknowledged[] = [];
  const gaps: string[] = [];
  try {
    for (const id of ids) {
      const events = await store.readStream(batteryStream(id));
      if (events.some((event, i) => event.revision !== i)) gaps.push(id);
      for (const ack of acknowledged.filter((a) => a.batteryId === id)) {
        const event = events[ack.revision];
        if (event?.type !== 'BatteryEvaluated' || event.data.stateOfHealthPct !== ack.stateOfHealthPct) lost.push(ack);
      }
    }
  } finally {
    await store.close();
  }
  return { lost, gaps };
}
