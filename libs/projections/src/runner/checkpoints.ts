import type { Migration, SqlExecutor } from '#libs/database';
import { comparePositions, type RecordedEvent } from '#libs/event-store';

export const RUNNER_MIGRATION_NAMESPACE = 'projection-runner';

/** Each projection's own tables migrate under this namespace. */
export const projectionMigrationNamespace = (name: string): string => `projection:${name}`;

export const runnerMigrations: readonly Migration[] = [
  {
    id: '001-checkpoints-dead-letters-lease',
    sql: `
create table projection_checkpoints (
  name text primary key,
  position numeric not null,
  version integer not null,
  status text not null,
  error text,
  failed_event jsonb,
  updated_at timestamptz not null default now()
);
create table projection_dead_letters (
  name text not null,
  event_id text not null,
  position numeric not null,
  stream_id text not null,
  type text not null,
  error text not null,
  dead_lettered_at timestamptz not null default now(),
  primary key (name, event_id)
);
create table projection_lease (
  id text primary key,
  holder text not null,
  expires_at timestamptz not null
);`,
  },
];

/** What a checkpoint row keeps of the event a projection threw on. */
export interface FailedEvent {
  id: string;
  position: string;
  streamId: string;
  revision: number;
  type: string;
}

export function failedEventOf(event: RecordedEvent): FailedEvent {
  return { id: event.id, position: event.position, streamId: event.streamId, revision: event.revision, type: event.type };
}

export interface Checkpoint {
  name: string;
  position: string;
  version: number;
  status: 'running' | 'failed';
  error: string | null;
  failedEvent: FailedEvent | null;
  updatedAt: string;
}

interface CheckpointRow {
  name: string;
  position: string;
  version: number;
  status: 'running' | 'failed';
  error: string | null;
  failed_event: FailedEvent | null;
  updated_at: Date;
}

/** Another process moved the checkpoint, or took the lease: this one must not write. */
export class FencedOut extends Error {
  override readonly name = 'FencedOut';
}

/** A new projection starts at the beginning of the log, already at its code version. */
export async function ensureCheckpoint(db: SqlExecutor, name: string, version: number): Promise<void> {
  await db.query(
    `insert into projection_checkpoints (name, position, version, status) values ($1, 0, $2, 'running')
     on conflict (name) do nothing`,
    [name, version],
  );
}

export async function readCheckpoints(db: SqlExecutor, names: readonly string[]): Promise<Map<string, Checkpoint>> {
  const { rows } = await db.query<CheckpointRow>(
    `select name, position::text as position, version, status, error, failed_event, updated_at
     from projection_checkpoints where name = any($1::text[])`,
    [names],
  );
  return new Map(
    rows.map((row) => [
      row.name,
      {
        name: row.name,
        position: row.position,
        version: row.version,
        status: row.status,
        error: row.error,
        failedEvent: row.failed_event,
        updatedAt: row.updated_at.toISOString(),
      },
    ]),
  );
}

export async function readCheckpoint(db: SqlExecutor, name: string): Promise<Checkpoint> {
  const checkpoint = (await readCheckpoints(db, [name])).get(name);
  if (checkpoint === undefined) throw new Error(`projection ${name} has no checkpoint`);
  return checkpoint;
}

/**
 * The position a view answers at: the least of its projections' checkpoints. Read before the
 * view's rows, so the rows are at least this fresh (a checkpoint commits with its rows).
 */
export async function readViewPosition(db: SqlExecutor, projections: readonly string[]): Promise<string> {
  const checkpoints = [...(await readCheckpoints(db, projections)).values()];
  if (checkpoints.length < projections.length) return '0';
  return checkpoints.map((checkpoint) => checkpoint.position).reduce((a, b) => (comparePositions(a, b) <= 0 ? a : b));
}

/**
 * Compare-and-set inside the batch's transaction: moves the checkpoint only from where this
 * process last left it, so two processes can never both apply the same events.
 */
export async function advanceCheckpoint(tx: SqlExecutor, name: string, from: string, to: string, version?: number): Promise<void> {
  const { rowCount } = await tx.query(
    `update projection_checkpoints
     set position = $3::numeric, version = coalesce($4, version), status = 'running', error = null, failed_event = null, updated_at = now()
     where name = $1 and position = $2::numeric`,
    [name, from, to, version ?? null],
  );
  if (rowCount !== 1) throw new FencedOut(`checkpoint of ${name} is no longer at ${from}`);
}

export async function recordFailure(tx: SqlExecutor, name: string, error: string, failedEvent: FailedEvent | null): Promise<void> {
  await tx.query(
    `update projection_checkpoints set status = 'failed', error = $2, failed_event = $3::jsonb, updated_at = now() where name = $1`,
    [name, error, failedEvent === null ? null : JSON.stringify(failedEvent)],
  );
}

export async function markRunning(db: SqlExecutor, name: string): Promise<void> {
  await db.query(
    `update projection_checkpoints set status = 'running', error = null, failed_event = null, updated_at = now() where name = $1`,
    [name],
  );
}

export async function deadLetter(tx: SqlExecutor, name: string, event: FailedEvent, error: string): Promise<void> {
  await tx.query(
    `insert into projection_dead_letters (name, event_id, position, stream_id, type, error)
     values ($1, $2, $3::numeric, $4, $5, $6) on conflict (name, event_id) do nothing`,
    [name, event.id, event.position, event.streamId, event.type, error],
  );
}

export async function deadLetteredIds(db: SqlExecutor, name: string): Promise<Set<string>> {
  const { rows } = await db.query<{ event_id: string }>('select event_id from projection_dead_letters where name = $1', [name]);
  return new Set(rows.map((row) => row.event_id));
}
