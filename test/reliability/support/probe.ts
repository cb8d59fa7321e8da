/** Single requests whose answer, latency and headers a fault test inspects one by one. */
import { KEYS, type Role } from './cluster.js';

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

/** The contract's answer to a transient store failure: 503 problem+json with Retry-After. */
export function expectUnavailable(answer: ProbeAnswer, outage: string): void {
  expect({ status: answer.status, contentType: answer.contentType, retryAfter: answer.retryAfter, outage: answer.body.outage }).toEqual({
    status: 503,
    contentType: expect.stringMatching(/^application\/problem\+json/),
    retryAfter: expect.stringMatching(/^[1-9]\d*$/),
    outage,
  });
}
