import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  type AppendResult,
  type EventStore,
  type NewEvent,
  type StreamWrite,
  EventIdConflict,
  WrongExpectedRevision,
} from '#libs/event-store';
import { IdempotencyStore, type Claim, type StoredResponse } from '../idempotency/index.js';
import { translateDomainError } from '../http/domain-errors.js';
import { ProblemException, type ProblemDetails } from '../http/problem.js';
import type { CellpathMetrics } from '#libs/metrics';
import { EVENT_STORE, METRICS } from '../tokens.js';
import type { RequestContext } from './request-context.js';

/** A decided command: what to write and how to answer once it is written. */
export interface Decision {
  writes: StreamWrite[];
  /**
   * Side records that must exist before the events do (e.g. the certificate directory); they
   * must be harmless if the append then fails, since they are not part of its transaction.
   */
  beforeAppend?: () => Promise<void>;
  /** Told what was written, before `respond`: e.g. to keep the new state for the next command. */
  onAppended?(results: AppendResult[]): void;
  respond(results: AppendResult[]): CommandResponse;
}

/** State loaded for a command; `decide` may throw domain errors (400/409). */
export interface LoadedCommand {
  /** Current revision of the stream the URL names (-1 when it does not exist yet). */
  revision: number;
  /**
   * Loaded from state this process kept from earlier, without reading the store: it may be
   * stale. Its append is still safe (the expectation fails if the stream moved), but a refusal
   * (412, 409, 400) is only given after deciding again on the latest state.
   */
  kept?: boolean;
  /** Refusals of the key itself (403) that need the loaded state, given before If-Match and the rules. */
  authorize?(): void;
  decide(): Decision;
}

/**
 * `recent` lets a command start from kept state; a retry always loads the `latest`. `before`:
 * each stream up to the first of these events, which are the command's own (see `ownEventIds`).
 */
export type Freshness = 'recent' | 'latest' | { before: ReadonlySet<string> };

export interface CommandResponse {
  status: number;
  body: Record<string, unknown>;
  /** Revision of the addressed stream after the write (sent as the ETag). */
  revision: number;
}

/**
 * Races lost to concurrent writers are re-decided against fresh state this many times; a burst of
 * n writers on one stream needs up to n attempts for the last one, so this covers a test rig's
 * rack finishing at once. Jittered backoff spreads the retries so they stop colliding.
 */
const MAX_ATTEMPTS = 30;
const backoff = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 * attempt)));

/**
 * Event ids derived from the Idempotency-Key's claim and the request, so a retry that re-executes
 * can never double-write, while a key reused after its record was purged (a new claim) gets new ids.
 */
function deterministicEventId(seed: string, index: number): string {
  return uuidFrom(`${seed}#${index}`);
}

/**
 * An id a command makes up besides its events' (e.g. a certificate id), the same whichever
 * attempt of one Idempotency-Key claim decides it: a re-execution then names the thing it stored.
 */
export function idFromSeed(seed: string, purpose: string): string {
  return uuidFrom(`${seed}#${purpose}`);
}

function uuidFrom(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** No command writes more events than this; its ids are all among the first this many of its seed. */
const MAX_EVENTS_PER_COMMAND = 16;

/** The ids a command with this seed gives its events, whichever attempt decides them. */
function ownEventIds(seed: string): Set<string> {
  return new Set(Array.from({ length: MAX_EVENTS_PER_COMMAND }, (_, i) => deterministicEventId(seed, i)));
}

function withIds(writes: StreamWrite[], seed: string | undefined): StreamWrite[] {
  if (!seed) return writes;
  let index = 0;
  return writes.map((write) => ({
    ...write,
    events: write.events.map((event): NewEvent => ({ ...event, id: deterministicEventId(seed, index++) })),
  }));
}

/**
 * The one path every state-changing request takes, in the contract's precedence order:
 * load (404) → the key's site scope (403) → If-Match (412) → decide (400/409) → Idempotency-Key reuse (422) → atomic append.
 * A lost race is re-decided on fresh state, so concurrent writers never lose updates.
 */
@Injectable()
export class CommandPipeline {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly idempotency: IdempotencyStore,
    @Inject(METRICS) private readonly metrics: CellpathMetrics,
  ) {}

  /** `load` is given the claim's id seed (with an Idempotency-Key) for ids the command makes up. */
  async run(ctx: RequestContext, load: (freshness: Freshness, idSeed?: string) => Promise<LoadedCommand>): Promise<CommandResponse> {
    const idem = ctx.idempotency;
    if (!idem) return this.attempt(ctx, load, { mismatch: false });
    const holder = ctx.actor.keyId;
    // The first error is the one to report; a claim that cannot be released now (the database is
    // what failed) is released in the background, else a retry waits for it to go stale.
    const release = () => this.idempotency.release(holder, idem.key, idem.requestHash);
    const abandon = () => release().catch(() => releaseLater(release));
    let claim: Claim;
    try {
      claim = await this.idempotency.claim(holder, idem.key, idem.requestHash);
    } catch (error) {
      // The claim's INSERT may still reach the database after this answer, and hold the key.
      void abandon();
      throw error;
    }
    if (claim.kind === 'replay') {
      this.metrics.countReplay();
      return replay(claim.response);
    }
    if (claim.kind === 'in-progress') {
      throw new ProblemException(409, 'idempotency/in-progress', 'a request with this Idempotency-Key is still being processed');
    }
    if (claim.kind === 'mismatch') return this.attempt(ctx, load, { mismatch: true });
    try {
      const response = await this.attempt(ctx, load, { mismatch: false, eventIdSeed: `${claim.claimId}\n${idem.requestHash}` });
      await this.idempotency.complete(holder, idem.key, { status: response.status, body: response, headers: {} });
      return response;
    } catch (error) {
      const problem = error instanceof ProblemException ? error : translateDomainError(error);
      if (problem && problem.status < 500) {
        await this.idempotency.complete(holder, idem.key, { status: problem.status, body: problem.toProblem(), headers: problem.headers });
        throw problem;
      }
      void abandon();
      throw error;
    }
  }

  private async attempt(
    ctx: RequestContext,
    load: (freshness: Freshness, idSeed?: string) => Promise<LoadedCommand>,
    idempotency: { mismatch: boolean; eventIdSeed?: string },
  ): Promise<CommandResponse> {
    const seed = idempotency.eventIdSeed;
    let freshness: Freshness = 'recent';
    /**
     * An earlier attempt with this key may have stored the command although its answer was lost
     * (the database went silent during COMMIT, and the client got 503). Deciding again on a state
     * that holds those events would refuse the command (409/412) or try to store its events at a
     * later revision (EventIdConflict): once, the command is decided again on the state before its
     * own events instead, and the store then answers with the append it already holds.
     */
    let ownChecked = seed === undefined;
    const checkOwn = (): boolean => {
      if (ownChecked) return false;
      ownChecked = true;
      freshness = { before: ownEventIds(seed!) };
      return true;
    };
    for (let attempt = 1; ; attempt++) {
      const loaded = await load(freshness, seed);
      const stale = loaded.kept === true;
      freshness = 'latest';
      let decision: Decision;
      try {
        loaded.authorize?.();
        if (ctx.ifMatch !== undefined && ctx.ifMatch !== loaded.revision) throw preconditionFailed(ctx.ifMatch, loaded.revision);
        decision = loaded.decide();
      } catch (refusal) {
        if (stale || checkOwn()) continue;
        throw refusal;
      }
      if (idempotency.mismatch) {
        throw new ProblemException(422, 'idempotency/key-reused', 'this Idempotency-Key was already used with a different request');
      }
      try {
        await decision.beforeAppend?.();
        const results = await this.store.appendMany(withIds(decision.writes, seed));
        decision.onAppended?.(results);
        return decision.respond(results);
      } catch (error) {
        if (error instanceof EventIdConflict && checkOwn()) continue;
        if (!(error instanceof WrongExpectedRevision)) throw error;
        // Kept state that went stale is not a race: decide again on the latest at once.
        if (stale) continue;
        if (ctx.ifMatch !== undefined) throw preconditionFailed(ctx.ifMatch, error.actual === 'no_stream' ? -1 : error.actual);
        if (attempt >= MAX_ATTEMPTS) {
          throw new ProblemException(
            409,
            'rule/concurrent-modification',
            `concurrent-modification: ${error.streamId} kept changing; retry`,
          );
        }
        await backoff(attempt);
      }
    }
  }
}

function releaseLater(release: () => Promise<void>, attempt = 1): void {
  if (attempt > 5) return;
  setTimeout(
    () => {
      release().catch(() => releaseLater(release, attempt + 1));
    },
    500 * 2 ** attempt,
  ).unref();
}

function replay(stored: StoredResponse): CommandResponse {
  if (stored.status >= 400) throw ProblemException.replay(stored.body as ProblemDetails);
  return stored.body as CommandResponse;
}

function preconditionFailed(expected: number, actual: number): ProblemException {
  return new ProblemException(
    412,
    'precondition-failed',
    `If-Match expected revision ${expected} but the battery is at revision ${actual}`,
    {
      extensions: { currentRevision: actual },
    },
  );
}
