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
];
