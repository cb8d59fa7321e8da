import { journey, JourneyDecider, type DecidedEvent, type JourneyCommand } from '#libs/battery-journey';
import type { DecisionContext } from '#libs/lifecycle';
import { describeOnStores } from './support/api-harness.js';
import { lifecycleSteps } from './support/lifecycle-steps.js';

/** Fields the server makes up (the certificate's id, document, signature and dates): not the kit's to predict. */
const MADE_UP = new Set(['certificateId', 'certificate', 'signature', 'issuedAt', 'validUntil']);

/** An event's type and data as JSON stores them (undefined members gone), without the made-up fields. */
const comparable = ({ type, data }: { type: string; data: object }) => ({
  type,
  data: Object.fromEntries(
    Object.entries(JSON.parse(JSON.stringify(data)) as Record<string, unknown>).filter(([field]) => !MADE_UP.has(field)),
  ),
});

const signCertificate: NonNullable<DecisionContext['signCertificate']> = () => ({ certificate: {}, signature: {} });

/** Two journeys (certified and re-used; handed over and recycled), each command dated a minute after the last. */
function journeys(): JourneyCommand[] {
  let minute = 0;
  const at = () => new Date(Date.now() - 3_600_000 + ++minute * 60_000).toISOString();
  const site = journey.createSite();
  const reused = journey.register();
  const recycled = journey.register({ chemistry: 'LFP', predecessorIds: [reused.batteryId] });
  return [
    site,
    reused,
    journey.receive(reused.batteryId, site.siteId, { occurredAt: at() }),
    journey.evaluate(reused.batteryId, { occurredAt: at() }),
    journey.store(reused.batteryId, site.siteId, 'Z-A', 'A-01', { stateOfChargePct: 40, occurredAt: at() }),
    journey.release(reused.batteryId, { occurredAt: at() }),
    journey.diagnose(reused.batteryId, { occurredAt: at() }),
    journey.certify(reused.batteryId, { applications: ['ess', 'ups'] }),
    journey.secondLife(reused.batteryId, { occurredAt: at() }),
    recycled,
    journey.receive(recycled.batteryId, site.siteId, { hazardClass: 'damaged-non-critical', occurredAt: at() }),
    journey.handOver(recycled.batteryId, { reason: 'swollen cells', occurredAt: at() }),
    journey.recyclingOutcome(recycled.batteryId, { occurredAt: at() }),
  ];
}

describeOnStores('battery journey kit over HTTP', (api) => {
  test('every journey command is accepted at its route with its role, and the API stores what the deciders decide for it', async () => {
    const steps = lifecycleSteps(api());
    const commands = journeys();
    for (const command of commands) await steps.send(command).expect(201);

    // Registration and site creation are dated by the server's clock, as in the kit's run: not compared by time.
    const decider = new JourneyDecider({ now: () => new Date().toISOString(), signCertificate });
    const decided = commands.flatMap((command) => decider.run(command));
    const streams = [...new Set(decided.map((event) => event.streamId))];
    expect(streams).toHaveLength(3);
    for (const streamId of streams) {
      const stored = await api().infrastructure.eventStore.readStream(streamId);
      const expected = decided.filter((event: DecidedEvent) => event.streamId === streamId).map(({ event }) => comparable(event));
      expect(stored.map(comparable)).toEqual(expected);
    }
  });
});
