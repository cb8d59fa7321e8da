import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import cliProgress from 'cli-progress';
import type { EventStore } from '#libs/event-store';
import { createApp, openInfrastructure } from '../../../api/src/index.js';
import { journey } from '#libs/battery-journey';
import { createLogger } from '#libs/logging';
import { loadWorkerConfig } from '#libs/config';
import { EXIT } from '../outcome.js';
import { driveBattery, type SeedContext } from '../seed/battery-lifecycle.js';
import { SeedClient } from '../seed/seed-client.js';
import { StorageSlots, siteLayouts } from '../seed/storage-slots.js';

/** Counted in the store, not inferred from the commands: storage and releases also write site events. */
async function eventsAfter(store: EventStore, position: string): Promise<{ count: number; head: string }> {
  let count = 0;
  let head = position;
  for (;;) {
    const page = await store.readAll({ fromPosition: head, limit: 5000 });
    if (page.length === 0) return { count, head };
    count += page.length;
    head = page[page.length - 1].position;
  }
}

const seconds = (since: number) => (performance.now() - since) / 1000;

export async function seedBatteries({
  batteries,
  concurrency,
  seed,
}: {
  batteries: number;
  concurrency: number;
  seed: number;
}): Promise<number> {
  const config = loadWorkerConfig('cellpath seed');
  // The bar owns the terminal; the app's log only speaks up for warnings unless LOG_LEVEL says otherwise.
  const log = createLogger(process.env.LOG_LEVEL ? config.logLevel : 'warn').child({ process: 'seed' });
  const infrastructure = await openInfrastructure(config, log);
  const secret = randomBytes(24).toString('base64url');
  const app = await createApp(config, infrastructure, `operator+evaluator+certifier+recycler:${secret}`);
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.ready();
  try {
    const client = new SeedClient(fastify, secret);
    const runTag = randomBytes(3).toString('hex').toUpperCase();
    const sites = siteLayouts(runTag, batteries, concurrency);
    const startPosition = await infrastructure.eventStore.headPosition();
    const started = performance.now();
    for (const site of sites) await client.send(journey.createSite(site));
    const context: SeedContext = { client, slots: new StorageSlots(sites), sites, runTag, seed };

    const bar = new cliProgress.SingleBar(
      {
        format: 'seed |{bar}| {value}/{total} batteries | {commands} commands | {rate} commands/s | ETA {eta_formatted}',
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(batteries, 0, { commands: 0, rate: 0 });
    let next = 0;
    let done = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, batteries) }, async () => {
        while (next < batteries) {
          await driveBattery(next++, context);
          bar.update(++done, { commands: client.commands, rate: Math.round(client.commands / seconds(started)) });
        }
      }),
    ).finally(() => bar.stop());
    const seeding = seconds(started);
    const { count, head } = await eventsAfter(infrastructure.eventStore, startPosition);
    process.stdout.write(
      `seeded ${batteries} batteries (run ${runTag}, seed ${seed}): ${client.commands} commands, ${count} events in ${seeding.toFixed(1)} s ` +
        `= ${Math.round(count / seeding)} events/s on ${infrastructure.eventStore.kind}, concurrency ${concurrency}\n`,
    );

    if (!config.runProjections) {
      process.stdout.write('projections are not run here (CELLPATH_RUN_PROJECTIONS=false): the API or a projector applies them\n');
      return EXIT.ok;
    }
    const catchingUp = performance.now();
    if (!(await infrastructure.projections.waitForPosition(head, 30 * 60_000)))
      throw new Error('the projections did not catch up within 30 minutes');
    process.stdout.write(`projections caught up with position ${head} ${seconds(catchingUp).toFixed(1)} s after the last command\n`);
    return EXIT.ok;
  } finally {
    await app.close();
    await infrastructure.close();
  }
}
