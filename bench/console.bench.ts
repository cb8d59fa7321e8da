import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { journey } from '#libs/battery-journey';
import { CONSOLE_DIST } from '../apps/api/src/console/console-files.js';
import { browserUnavailable, inPage, launchChromium, untilInPage } from '../test/e2e/support/browser.js';
import { ApiClient, receivedBatteries } from './server/api-client.js';
import { registration } from './fixtures/battery-lifecycles.js';
import { ROLE_KEYS, type ApiServer } from './server/api-server.js';
import type { Sample, Samples } from './support/alternate.js';
import { perStore, type Bench, type BenchContext, type StoreResult } from './support/bench.js';
import type { StoreKind } from './support/options.js';
import { resultRow } from './support/report.js';

const CASES = {
  load: 'first load over loopback: navigation to the load event (fresh context, empty cache)',
  signIn: 'sign-in click to the dashboard figures (key check, chart chunk, six views)',
  reflect: 'a command answered 201 to the open dashboard showing it (no reload)',
} as const;
const TOTAL = '[data-testid=fig-lifecycle-total]';

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const gzip = (file: string) => gzipSync(readFileSync(join(CONSOLE_DIST, file)), { level: 9 }).length;

/** The shipped bundle, gzip -9: what index.html loads first, and every asset. */
function bundleNotes(): string[] {
  const index = readFileSync(join(CONSOLE_DIST, 'index.html'), 'utf8');
  const first = [...index.matchAll(/(?:src|href)="\/console\/(assets\/[^"]+)"/g)].map((match) => match[1]!);
  const all = readdirSync(join(CONSOLE_DIST, 'assets')).map((name) => `assets/${name}`);
  const firstBytes = first.reduce((sum, file) => sum + gzip(file), 0);
  const allBytes = all.reduce((sum, file) => sum + gzip(file), 0);
  return [
    `Bundle (dist/console, gzip -9): ${kib(firstBytes)} loaded first (${first.join(', ')}); ${kib(allBytes)} in all (${all.length} files; the chart chunk and the pages load after sign-in).`,
  ];
}

/** One round: a fresh browser context opens the console, signs in, and watches a new command arrive. */
async function round(browser: Browser, server: ApiServer, client: ApiClient, index: number): Promise<Record<keyof typeof CASES, Sample>> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'ko-KR' });
  try {
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/console/`, { waitUntil: 'load' });
    const loadMs = await inPage<number>(page, `performance.getEntriesByType('navigation')[0].loadEventEnd`);
    await page.fill('#api-key', ROLE_KEYS.auditor);
    const signInStarted = performance.now();
    await page.click('form button[type=submit]');
    await page.waitForSelector(TOTAL);
    const signInMs = performance.now() - signInStarted;
    const before = Number(await page.locator(TOTAL).innerText());
    const sent = performance.now();
    await client.command(registration(`BAT-CONSOLE-BENCH-${Date.now()}-${index}`, index));
    await untilInPage(page, `document.querySelector('${TOTAL}').textContent === '${before + 1}'`, 10_000);
    return { load: { ms: loadMs }, signIn: { ms: signInMs }, reflect: { ms: performance.now() - sent } };
  } finally {
    await context.close();
  }
}

async function onStore(store: StoreKind, { options, progress, servers }: BenchContext): Promise<StoreResult> {
  const scope = `console ${store}`;
  const server = await servers.get(store);
  const client = new ApiClient(server);
  // A few batteries, so that the dashboard has something to draw.
  await receivedBatteries(client, 5, 1, registration);
  const browser = await launchChromium();
  const samples: Samples = { load: [], signIn: [], reflect: [] };
  try {
    // One warm-up round (the server's first requests, Chromium's first start), then the measured ones.
    for (let index = 0; index <= options.rounds; index++) {
      const measured = await round(browser, server, client, index);
      if (index === 0) continue;
      for (const key of Object.keys(CASES) as (keyof typeof CASES)[]) samples[key]!.push(measured[key]);
      progress.line(
        scope,
        `round ${index}/${options.rounds}: load ${measured.load.ms!.toFixed(0)} ms, sign-in ${measured.signIn.ms!.toFixed(0)} ms, reflect ${measured.reflect.ms!.toFixed(0)} ms`,
      );
    }
  } finally {
    await browser.close();
  }
  const row = (name: keyof typeof CASES, goal?: number) =>
    resultRow(samples, {
      store,
      case: CASES[name],
      metric: 'ms',
      key: 'ms',
      ours: name,
      goal: goal === undefined ? undefined : { kind: 'value-at-most', value: goal },
    });
  // The bound: the dashboard follows a new command within 2 s.
  return { rows: [row('load'), row('signIn'), row('reflect', 2000)], samples };
}

const measuredOn = perStore(
  'console',
  () => [
    ...bundleNotes(),
    'Chromium (Debian, headless) drives the console served by the API child process on 127.0.0.1; the dashboard polls every 500 ms.',
  ],
  onStore,
);

/** The console's figures (issue 16): first load, sign-in, a command reaching the open dashboard, and the bundle. */
export const consoleBench: Bench = {
  name: 'console',
  run(context) {
    const missing =
      browserUnavailable ?? (existsSync(join(CONSOLE_DIST, 'index.html')) ? undefined : 'the console is not built (npm run build:console)');
    if (missing) {
      context.progress.line('console', `skipped: ${missing}`);
      return Promise.resolve({ bench: 'console', rows: [], samples: {}, notes: [`Skipped: ${missing}.`] });
    }
    return measuredOn.run(context);
  },
};
