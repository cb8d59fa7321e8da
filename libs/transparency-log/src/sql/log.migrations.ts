import type { Migration } from '#libs/database';

export const LOG_MIGRATION_NAMESPACE = 'transparency-log';

/**
 * The log's read model, kept in PostgreSQL/PGlite whatever the event store. Leaves and nodes are
 * only ever inserted; `log_state` is the sequencer's compare-and-set point.
 */
export const LOG_MIGRATIONS: readonly Migration[] = [
  {
    id: '0001-log',
    sql: `
      create table log_leaves (
        leaf_index bigint primary key check (leaf_index >= 0),
        -- The event's global position: text, as KurrentDB positions exceed bigint.
        position text not null,
        stream_id text not null,
        revision integer not null,
        type text not null,
        hash text not null,
        -- One leaf per event, whichever process sequenced it.
        constraint log_leaves_event_key unique (stream_id, revision)
      );
      -- Perfect subtrees (level, index) covering leaves [index * 2^level, (index + 1) * 2^level),
      -- from level 4 up (lower ones are recomputed from log_leaves). Any proof reads O(log n) rows.
      create table log_nodes (
        level smallint not null,
        node_index bigint not null,
        hash bytea not null,
        primary key (level, node_index)
      );
      create table log_state (
        singleton boolean primary key default true check (singleton),
        origin text not null,
        tree_size bigint not null,
        -- Last event position in the log ('0' when empty): the next batch reads after it.
        last_position text not null
      );
      create table log_checkpoints (
        id bigserial primary key,
        tree_size bigint not null,
        root_hash text not null,
        issued_at timestamptz not null,
        key_id text not null,
        signature text not null,
        text text not null
      );
      create index log_checkpoints_size on log_checkpoints (tree_size, id);
    `,
  },
];
