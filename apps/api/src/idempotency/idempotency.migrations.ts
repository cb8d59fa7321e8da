import type { Migration } from '#libs/database';

export const IDEMPOTENCY_MIGRATIONS: Migration[] = [
  {
    id: '001-idempotency-keys',
    sql: `
      CREATE TABLE IF NOT EXISTS idempotency_keys (
        key_holder text NOT NULL,
        idempotency_key text NOT NULL,
        request_hash text NOT NULL,
        status_code integer,
        -- text, not jsonb: a replay must return the first response byte for byte (jsonb reorders keys)
        response_body text,
        response_headers text,
        claimed_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        PRIMARY KEY (key_holder, idempotency_key)
      );
      CREATE INDEX IF NOT EXISTS idempotency_keys_claimed_at ON idempotency_keys (claimed_at);
    `,
  },
  {
    // Event ids are derived from the claim, not from the key alone: a key reused after its record
    // was purged is a new request and must not collide with the events of the first one.
    id: '002-idempotency-claim-id',
    sql: `ALTER TABLE idempotency_keys ADD COLUMN IF NOT EXISTS claim_id uuid NOT NULL DEFAULT gen_random_uuid();`,
  },
];
