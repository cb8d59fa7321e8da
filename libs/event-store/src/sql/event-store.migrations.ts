import type { Migration } from '#libs/database';

export const EVENT_STORE_MIGRATION_NAMESPACE = 'event-store';

/** Shared by PGlite and PostgreSQL; see ../../README.md for why positions look like this. */
export const eventStoreMigrations: readonly Migration[] = [
  {
    id: '0001-events',
    sql: `
      create table events (
        -- pg_current_xact_id() * 1,000,000 + ordinal within the append: unique, gapped, opaque.
        position bigint primary key,
        event_id uuid not null,
        stream_id text not null,
        revision integer not null check (revision >= 0),
        type text not null,
        data jsonb not null,
        metadata jsonb not null,
        recorded_at timestamptz not null,
        hash text not null,
        previous_hash text,
        constraint events_event_id_key unique (event_id),
        -- Optimistic concurrency's backstop: two writers can never both record a revision.
        constraint events_stream_revision_key unique (stream_id, revision)
      );
    `,
  },
];
