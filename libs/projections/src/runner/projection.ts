import type { Migration, SqlExecutor } from '#libs/database';
import type { RecordedEvent } from '#libs/event-store';

/**
 * Maps a table a projection owns to the table to write: the live one, or its shadow copy while
 * a rebuild replays the history next to the live tables.
 */
export type TableNames = (table: string) => string;

export const LIVE_TABLES: TableNames = (table) => table;

/** A read model kept up to date from the event log by the ProjectionRunner. */
export interface Projection {
  readonly name: string;
  /** Bump whenever `apply` would write different rows: the runner then rebuilds from position 0. */
  readonly version: number;
  /** The runner hands `apply` only these; every other event just moves the checkpoint on. */
  readonly eventTypes: readonly string[];
  /** The tables `apply` writes (created by `migrations`); a rebuild shadows and swaps exactly these. */
  readonly tables: readonly string[];
  /** Index names must be PostgreSQL's defaults (`CREATE INDEX ON t (c)`), so a swap can restore them. */
  readonly migrations: readonly Migration[];
  /**
   * Applies events in log order inside the runner's transaction. Must be idempotent: an event
   * applied a second time changes nothing.
   */
  apply(tx: SqlExecutor, events: readonly RecordedEvent[], tables: TableNames): Promise<void>;
}
