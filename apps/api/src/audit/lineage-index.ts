import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { runMigrations, type Database } from '#libs/database';
import type { EventStore } from '#libs/event-store';
import { batteryEventFromStored } from '#libs/lifecycle';
import { BATTERY_STREAM_PREFIX } from '../lifecycle/stream-names.js';
import { DATABASE, EVENT_STORE } from '../tokens.js';
import { AUDIT_MIGRATION_NAMESPACE, AUDIT_MIGRATIONS } from './audit.migrations.js';

const CATCH_UP_PAGE = 1000;

/**
 * "Which batteries name X among their predecessors" (see audit.migrations.ts). Instead of a
 * background projection it catches up from the global log when asked, so a successor registered
 * just before a lineage request is already in the answer.
 */
@Injectable()
export class LineageIndex implements OnModuleInit {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async onModuleInit(): Promise<void> {
    await runMigrations(this.db, AUDIT_MIGRATION_NAMESPACE, AUDIT_MIGRATIONS);
  }

  /**
   * Reads registrations recorded since the checkpoint. Concurrent callers may read the same
   * events: inserts ignore known links and the checkpoint only moves forward.
   */
  async catchUp(): Promise<void> {
    const { rows } = await this.db.query<{ position: string }>('select position::text as position from audit_lineage_checkpoint');
    let fromPosition = rows[0]!.position;
    for (;;) {
      const page = await this.store.readAll({
        fromPosition,
        limit: CATCH_UP_PAGE,
        filter: { streamPrefix: BATTERY_STREAM_PREFIX, eventTypes: ['BatteryRegistered'] },
      });
      if (page.length === 0) return;
      const links = page.flatMap((stored) => {
        const event = batteryEventFromStored(stored);
        return event.type === 'BatteryRegistered' ? event.data.predecessorIds.map((predecessorId) => [predecessorId, event.data.batteryId]) : [];
      });
      fromPosition = page[page.length - 1]!.position;
      await this.db.transaction(async (tx) => {
        await tx.query(
          `insert into audit_lineage_links (predecessor_id, successor_id)
           select * from unnest($1::text[], $2::text[]) on conflict do nothing`,
          [links.map(([predecessor]) => predecessor), links.map(([, successor]) => successor)],
        );
        await tx.query('update audit_lineage_checkpoint set position = greatest(position, $1::numeric)', [fromPosition]);
      });
      if (page.length < CATCH_UP_PAGE) return;
    }
  }

  /** Batteries registered naming `batteryId` among their predecessorIds, in id order. */
  async successorsNaming(batteryId: string): Promise<string[]> {
    const { rows } = await this.db.query<{ successor_id: string }>(
      'select successor_id from audit_lineage_links where predecessor_id = $1 order by successor_id',
      [batteryId],
    );
    return rows.map((row) => row.successor_id);
  }
}
