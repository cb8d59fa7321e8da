/** Single requests whose answer, latency and headers a fault test inspects one by one. */
import { setTimeout as sleep } from 'node:timers/promises';
import { httpCommand, journey, type JourneyCommand } from '#libs/battery-journey';
import { KEYS, type Role } from './cluster.js';
import type { Acknowledgement } from './ledger.js';

export interface ProbeAnswer {
  status: number;
  body: Record<string, unknown>;
  contentType: string | null;
  retryAfter: string | null;
  elapsedMs: number;
}

export async function probe(
  baseUrl: string,
  role: Role,
  path: string,
  { body, idempotencyKey }: { body?: Record<string, unknown>; idempotencyKey?: string } = {},
): Promise<ProbeAnswer> {
  const started = performance.now();
  const response = await fetch(baseUrl + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${KEYS[role]}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...(idempotencyKey !== undefined && { 'idempotency-key': idempotencyKey }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: JSON.parse(text) as Record<string, unknown>,
    contentType: response.headers.get('content-type'),
    retryAfter: response.headers.get('retry-after'),
    elapsedMs: performance.now() - started,
  };
}

/** A journey command, sent as the contract routes it with a key of the role it needs. */
export function probeCommand(baseUrl: string, command: JourneyCommand, options: { idempotencyKey?: string } = {}): Promise<ProbeAnswer> {
  const { path, role, body } = httpCommand(command);
  return probe(baseUrl, role, path, { ...options, body });
}

/** The contract's answer to a transient store failure: 503 problem+json with Retry-After. */
export function expectUnavailable(answer: ProbeAnswer, outage: string): void {
  expect({ status: answer.status, contentType: answer.contentType, retryAfter: answer.retryAfter, outage: answer.body.outage }).toEqual({
    status: 503,
    contentType: expect.stringMatching(/^application\/problem\+json/),
    retryAfter: expect.stringMatching(/^[1-9]\d*$/),
    outage,
  });
}

/** The claim a probe's 201 makes, for the store audit. */
export function acknowledgementOf(
  command: string,
  streamId: string,
  answer: ProbeAnswer,
  expect: Acknowledgement['expect'],
): Acknowledgement {
  return { command, streamId, revision: answer.body.revision as number, position: answer.body.position as string, expect };
}

/** A battery registered and received at `siteId` through `baseUrl`, ready for evaluation and storage. */
export async function receivedBattery(baseUrl: string, siteId: string): Promise<{ batteryId: string; registered: Acknowledgement }> {
  const battery = journey.register();
  const registered = await probeCommand(baseUrl, battery);
  const received = await probeCommand(baseUrl, journey.receive(battery.batteryId, siteId, { source: 'oem' }));
  expect([registered.status, received.status]).toEqual([201, 201]);
  return {
    batteryId: battery.batteryId,
    registered: acknowledgementOf('register', battery.batteryId, registered, { type: 'BatteryRegistered' }),
  };
}

/**
 * The same request again, as a client would after a 503 (waiting its Retry-After) or while the
 * first attempt's Idempotency-Key claim is still held, until a definitive answer or `budgetMs`.
 */
export async function probeUntilAnswered(
  baseUrl: string,
  role: Role,
  path: string,
  options: { body?: Record<string, unknown>; idempotencyKey?: string },
  budgetMs = 20_000,
): Promise<ProbeAnswer> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    const answer = await probe(baseUrl, role, path, options);
    const pending = answer.status === 503 || (answer.status === 409 && String(answer.body.type).endsWith('/idempotency/in-progress'));
    if (!pending || Date.now() > deadline) return answer;
    await sleep(answer.retryAfter ? Number(answer.retryAfter) * 1000 : 250);
  }
}
