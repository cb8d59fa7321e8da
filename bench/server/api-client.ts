import { httpCommand, journey, type JourneyCommand } from '#libs/battery-journey';
import type { RegisterBattery } from '#libs/lifecycle';
import { concurrently } from '../support/bench.js';
import type { ApiServer, BenchRole } from './api-server.js';

/** Plain JSON over fetch, for seeding through the API and timing reads; a non-2xx answer throws. */
export class ApiClient {
  constructor(private readonly server: ApiServer) {}

  /** A journey command, sent as the contract routes it. */
  async command(command: JourneyCommand): Promise<Record<string, unknown>> {
    const { path, role, body } = httpCommand(command);
    return this.send(path, role, { method: 'POST', body: JSON.stringify(body) });
  }

  async get(path: string, role: BenchRole): Promise<Record<string, unknown>> {
    return this.send(path, role, { method: 'GET' });
  }

  /** Milliseconds until the whole body of a 200 answer has arrived (not parsed). */
  async timedGet(path: string, role: BenchRole): Promise<number> {
    const started = performance.now();
    const response = await fetch(`${this.server.baseUrl}${path}`, { headers: { authorization: this.server.bearer(role) } });
    await response.arrayBuffer();
    const elapsed = performance.now() - started;
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status}`);
    return elapsed;
  }

  private async send(path: string, role: BenchRole, init: RequestInit): Promise<Record<string, unknown>> {
    const response = await fetch(`${this.server.baseUrl}${path}`, {
      ...init,
      headers: { authorization: this.server.bearer(role), 'content-type': 'application/json' },
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${init.method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  }
}

/** Batteries registered and received at one site through the API, `concurrency` commands at a time. */
export async function receivedBatteries(
  client: ApiClient,
  count: number,
  concurrency: number,
  register: (batteryId: string, index: number) => RegisterBattery,
): Promise<string[]> {
  const tag = Math.random().toString(36).slice(2, 8).toUpperCase();
  const siteId = `SITE-${tag}`;
  await client.command(journey.createSite({ siteId, zones: [{ zone: 'Z-A', kind: 'standard', capacity: 40 }] }));
  const ids = Array.from({ length: count }, (_, index) => `BAT-${tag}-${index}`);
  await concurrently(concurrency, count, async (_, index) => {
    const batteryId = ids[index]!;
    await client.command(register(batteryId, index));
    await client.command(journey.receive(batteryId, siteId));
  });
  return ids;
}
