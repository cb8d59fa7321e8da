/**
 * A well-behaved client: every command carries its own Idempotency-Key, goes to any running API
 * process, and is sent again with the same key after a network error, a 503 (waiting its
 * Retry-After) or a "still in progress" answer, until it gets a definitive one.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import { KEYS, type Role } from './cluster.js';
import type { ExpectedEvent, Ledger } from './ledger.js';
import type { Rng } from './rng.js';

export interface CommandSpec {
  /** Names the command in figures and failures. */
  command: string;
  role: Role;
  path: string;
  body: Record<string, unknown>;
  /** The stream whose revision the answer reports. */
  streamId: string;
  expect: ExpectedEvent | ((answer: Record<string, unknown>) => ExpectedEvent);
}

/** A definitive answer: 201 with its body, or the lifecycle rule that refused the command. */
export type Outcome = { ok: true; body: Record<string, unknown> } | { ok: false; rule?: string };

const PROBLEM_BASE = 'https://cellpath.dev/problems/';
const ATTEMPT_TIMEOUT_MS = 15_000;
/** A command still unanswered after this is abandoned: past one server-side wait on a dead process's claim (10 s). */
const RETRY_BUDGET_MS = 12_000;
const MAX_PAUSE_MS = 1_000;
/** Share of acknowledged commands sent a second time, to check the replay. */
const DUPLICATE_SHARE = 0.03;

type Attempt = { kind: 'answer'; status: number; body: Record<string, unknown> } | { kind: 'retry'; pauseMs: number };

export class SoakClient {
  constructor(
    private readonly apis: () => string[],
    private readonly ledger: Ledger,
    private readonly rng: Rng,
  ) {}

  async command(spec: CommandSpec): Promise<Outcome> {
    const key = randomUUID();
    this.ledger.commands++;
    const giveUpAt = Date.now() + RETRY_BUDGET_MS;
    for (let failures = 0; ; failures++) {
      const attempt = await this.send(spec, key, failures);
      if (attempt.kind === 'answer') {
        const outcome = this.judge(spec, key, attempt.status, attempt.body);
        if (outcome.ok && this.rng.chance(DUPLICATE_SHARE)) await this.duplicate(spec, key, attempt.body);
        return outcome;
      }
      if (Date.now() + attempt.pauseMs > giveUpAt) {
        this.ledger.abandoned++;
        return { ok: false };
      }
      await sleep(attempt.pauseMs);
    }
  }

  private pickApi(): string {
    const apis = this.apis();
    if (apis.length === 0) throw new Error('no API process is running');
    return this.rng.pick(apis);
  }

  private async send(spec: CommandSpec, key: string, failures: number): Promise<Attempt> {
    const backoff = Math.min(MAX_PAUSE_MS, 50 * 2 ** failures) * (0.5 + this.rng() / 2);
    this.ledger.requests++;
    const started = performance.now();
    let response: Response;
    try {
      response = await fetch(this.pickApi() + spec.path, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEYS[spec.role]}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(spec.body),
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
    } catch (error) {
      this.ledger.networkError(causeOf(error));
      return { kind: 'retry', pauseMs: backoff };
    }
    const text = await response.text();
    this.ledger.latenciesMs.push(performance.now() - started);
    const body = parseJson(text);
    const type = typeof body.type === 'string' ? body.type.slice(PROBLEM_BASE.length) : '';
    if (response.status === 503) {
      this.ledger.unavailable(String(body.outage ?? body.type));
      const retryAfter = Number(response.headers.get('retry-after'));
      if (!response.headers.get('content-type')?.startsWith('application/problem+json') || !(retryAfter > 0)) {
        this.ledger.unexpected.push(`${spec.command}: 503 without problem+json and Retry-After: ${text.slice(0, 200)}`);
      }
      return { kind: 'retry', pauseMs: Math.min(MAX_PAUSE_MS, retryAfter * 1000 || backoff) };
    }
    if (response.status === 409 && type === 'idempotency/in-progress') return { kind: 'retry', pauseMs: backoff };
    return { kind: 'answer', status: response.status, body };
  }

  private judge(spec: CommandSpec, key: string, status: number, body: Record<string, unknown>): Outcome {
    if (status === 201) {
      const expect = typeof spec.expect === 'function' ? spec.expect(body) : spec.expect;
      this.ledger.acknowledged.set(key, {
        command: spec.command,
        streamId: spec.streamId,
        revision: body.revision as number,
        position: body.position as string,
        expect,
      });
      return { ok: true, body };
    }
    const rule = typeof body.rule === 'string' ? body.rule : undefined;
    if (status === 409 && rule) {
      this.ledger.reject(rule);
      return { ok: false, rule };
    }
    this.ledger.unexpected.push(`${spec.command} ${spec.path}: ${status} ${JSON.stringify(body).slice(0, 300)}`);
    return { ok: false };
  }

  /** The same command again with the same key: must answer exactly as the first time, writing nothing. */
  private async duplicate(spec: CommandSpec, key: string, first: Record<string, unknown>): Promise<void> {
    const attempt = await this.send(spec, key, 0);
    if (attempt.kind === 'answer' && attempt.status === 201 && isDeepStrictEqual(attempt.body, first)) {
      this.ledger.replays++;
    } else if (attempt.kind === 'answer') {
      this.ledger.unexpected.push(
        `${spec.command}: duplicate answered ${attempt.status} ${JSON.stringify(attempt.body).slice(0, 200)}, first ${JSON.stringify(first)}`,
      );
    }
  }
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : { value };
  } catch {
    return { text: text.slice(0, 200) };
  }
}

/** fetch reports every failure as "fetch failed"; the socket's own code is in `cause`. */
function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; name?: unknown } }).cause;
  return String(cause?.code ?? cause?.name ?? (error as Error).name);
}
