import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Database } from '#libs/database';

export interface StoredResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export type Claim =
  /**
   * `claimId` names this use of the key: kept by every retry that re-executes it (after a stale
   * claim or a release), new once the record was purged and the key is used again.
   */
  | { kind: 'claimed'; claimId: string }
  | { kind: 'replay'; response: StoredResponse }
  /** Same key, other request: answered 422 unless a higher-precedence error applies first. */
  | { kind: 'mismatch' }
  /** The first request with this key is still running after the wait limit. */
  | { kind: 'in-progress' };

interface Row {
  request_hash: string;
  status_code: number | null;
  response_body: string | null;
  response_headers: string | null;
}

/** Kept at least 24 h as the contract promises; purged after this. */
export const RETENTION_HOURS = 48;
/** A claim this old belongs to a process that died mid-request; a retry may take it over. */
const STALE_CLAIM_SECONDS = 30;
const WAIT_STEP_MS = 25;
const WAIT_LIMIT_MS = 10_000;

export function requestHash(method: string, route: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${route}\n${canonicalize(body ?? null) ?? 'null'}`)
    .digest('hex');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Durable Idempotency-Key records. A request first claims its key (insert-if-absent), so two
 * concurrent retries cannot both execute; the loser waits for the winner's response and replays it.
 */
export class IdempotencyStore {
  constructor(private readonly db: Database) {}

  async claim(holder: string, key: string, hash: string): Promise<Claim> {
    const deadline = Date.now() + WAIT_LIMIT_MS;
    for (;;) {
      const inserted = await this.db.query<{ claim_id: string }>(
        `INSERT INTO idempotency_keys (key_holder, idempotency_key, request_hash) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING claim_id`,
        [holder, key, hash],
      );
      if (inserted.rows[0]) return { kind: 'claimed', claimId: inserted.rows[0].claim_id };
      const taken = await this.db.query<{ claim_id: string }>(
        `UPDATE idempotency_keys SET request_hash = $3, claimed_at = now()
         WHERE key_holder = $1 AND idempotency_key = $2 AND status_code IS NULL
           AND claimed_at < now() - make_interval(secs => ${STALE_CLAIM_SECONDS}) RETURNING claim_id`,
        [holder, key, hash],
      );
      if (taken.rows[0]) return { kind: 'claimed', claimId: taken.rows[0].claim_id };
      const { rows } = await this.db.query<Row>(
        `SELECT request_hash, status_code, response_body, response_headers FROM idempotency_keys
         WHERE key_holder = $1 AND idempotency_key = $2`,
        [holder, key],
      );
      const row = rows[0];
      if (!row) continue;
      if (row.request_hash !== hash) return { kind: 'mismatch' };
      if (row.status_code !== null) {
        return {
          kind: 'replay',
          response: {
            status: row.status_code,
            body: JSON.parse(row.response_body ?? 'null'),
            headers: JSON.parse(row.response_headers ?? '{}'),
          },
        };
      }
      if (Date.now() > deadline) return { kind: 'in-progress' };
      await sleep(WAIT_STEP_MS);
    }
  }

  async complete(holder: string, key: string, response: StoredResponse): Promise<void> {
    await this.db.query(
      `UPDATE idempotency_keys SET status_code = $3, response_body = $4, response_headers = $5, completed_at = now()
       WHERE key_holder = $1 AND idempotency_key = $2`,
      [holder, key, response.status, JSON.stringify(response.body), JSON.stringify(response.headers)],
    );
  }

  /**
   * A request that failed on the server side leaves its claim open to a retry at once: marked as
   * stale, not deleted. When the database went silent, the claim's own INSERT may reach it only
   * after this (it was sent first, on a connection since closed): it then finds this row and does
   * nothing, where after a DELETE it would re-create a live claim that holds retries off for 30 s.
   */
  async release(holder: string, key: string, hash: string): Promise<void> {
    await this.db.query(
      `INSERT INTO idempotency_keys (key_holder, idempotency_key, request_hash, claimed_at) VALUES ($1, $2, $3, '-infinity')
       ON CONFLICT (key_holder, idempotency_key) DO UPDATE SET claimed_at = '-infinity' WHERE idempotency_keys.status_code IS NULL`,
      [holder, key, hash],
    );
  }

  async purgeExpired(): Promise<number> {
    const result = await this.db.query(
      `DELETE FROM idempotency_keys WHERE claimed_at < now() - make_interval(hours => ${RETENTION_HOURS})`,
    );
    return result.rowCount;
  }
}
