/** What the soak's clients sent and what the servers answered: the claims the audit then checks. */

/** The event an acknowledged command must have written, found by type and content. */
export interface ExpectedEvent {
  type: string;
  /** Every command that takes `occurredAt` is sent a unique one, which makes its event findable. */
  occurredAt?: string;
  /** Members the event's data must hold (ids the server chose, such as `certificateId`). */
  data?: Record<string, unknown>;
}

/** A 201: the stream named in the request is at `revision`, and its last event is at `position`. */
export interface Acknowledgement {
  command: string;
  streamId: string;
  revision: number;
  position: string;
  expect: ExpectedEvent;
}

export class Ledger {
  /** HTTP requests, retries and deliberate duplicates included. */
  requests = 0;
  /** Commands (each with its own Idempotency-Key, however many times it was sent). */
  commands = 0;
  /** By Idempotency-Key: a replayed answer is the same acknowledgement, counted once. */
  readonly acknowledged = new Map<string, Acknowledgement>();
  /** 409s naming a lifecycle rule, by rule. */
  readonly rejectedByRule = new Map<string, number>();
  /** Anything a valid command must never get: 400, 404, 412, 422, 500, a 503 without Retry-After… */
  readonly unexpected: string[] = [];
  /** Requests that got no HTTP answer, by cause (a refused or reset connection, a client timeout). */
  readonly networkErrorsBy = new Map<string, number>();
  /** 503 problem+json answers (with Retry-After), retried, by the outage they name. */
  readonly unavailableBy = new Map<string, number>();
  /** Duplicates sent on purpose with the same Idempotency-Key and answered with the first response. */
  replays = 0;
  /** Commands given up without a definitive answer (their outcome is unknown, not acknowledged). */
  abandoned = 0;
  readonly latenciesMs: number[] = [];

  reject(rule: string): void {
    count(this.rejectedByRule, rule);
  }

  unavailable(outage: string): void {
    count(this.unavailableBy, outage);
  }

  get rejected(): number {
    return total(this.rejectedByRule);
  }

  networkError(cause: string): void {
    count(this.networkErrorsBy, cause);
  }

  get networkErrors(): number {
    return total(this.networkErrorsBy);
  }

  get unavailableCount(): number {
    return total(this.unavailableBy);
  }

  /** One line of figures for the report (docs/reliability.md quotes them). */
  summary(seconds: number): string {
    const sorted = [...this.latenciesMs].sort((a, b) => a - b);
    const percentile = (p: number) =>
      sorted.length === 0 ? 0 : Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!);
    return (
      `${this.requests} requests (${Math.round(this.requests / seconds)}/s), ${this.commands} commands: ` +
      `${this.acknowledged.size} acknowledged, ${this.rejected} rejected by rules (${listed(this.rejectedByRule)}), ` +
      `${this.replays} idempotent replays, ${this.unavailableCount} answered 503 (${listed(this.unavailableBy)}), ${this.networkErrors} network errors (${listed(this.networkErrorsBy)}), ` +
      `${this.abandoned} abandoned, ${this.unexpected.length} unexpected; latency p50 ${percentile(0.5)} ms, p99 ${percentile(0.99)} ms`
    );
  }
}

function count(tally: Map<string, number>, key: string): void {
  tally.set(key, (tally.get(key) ?? 0) + 1);
}

function total(tally: Map<string, number>): number {
  return [...tally.values()].reduce((a, b) => a + b, 0);
}

function listed(tally: Map<string, number>): string {
  return [...tally].map(([key, n]) => `${key} ${n}`).join(', ') || 'none';
}
