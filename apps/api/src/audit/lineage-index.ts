import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { runMigrations, type Database } from '#libs/database';
import { comparePositions, type EventStore, type RecordedEvent } from '#libs/event-store';
import { batteryEventFromStored, type BatteryEvent, type BatteryRegisteredData, type SiteEvent } from '#libs/lifecycle';
import type { InlineReadModel, OnReadReadModel } from '../read-models/read-model-registry.js';
import type { PendingEvents } from '../read-models/pending-events.js';
import { DATABASE, EVENT_STORE } from '../tokens.js';
import { AUDIT_MIGRATION_NAMESPACE, AUDIT_MIGRATIONS } from './audit.migrations.js';

const CATCH_UP_PAGE = 1000;

/**
 * "Which batteries name X among their predecessors" (see audit.migrations.ts). Instead of a
 * background projection it catches up from the global log when asked, so a successor registered
 * just before a lineage request is already in the answer.
 */
@Injectable()
export class LineageIndex implements OnModuleInit, InlineReadModel, OnReadReadModel {
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
    // Nothing at or below the head can still commit, so once a short page has been read the
    // checkpoint may skip to it: otherwise it would stall at the last registration and every
    // request would rescan all the other events recorded since.
    const head = await this.store.headPosition();
    const { rows } = await this.db.query<{ position: string }>('select position::text as position from audit_lineage_checkpoint');
    let checkpoint = rows[0]!.position;
    for (;;) {
      // Battery streams are bare battery ids, with no prefix to filter on; only they record registrations.
      const page = await this.store.readAll({
        fromPosition: checkpoint,
        limit: CATCH_UP_PAGE,
        filter: { eventTypes: ['BatteryRegistered', 'BatteryImported'] },
      });
      const done = page.length < CATCH_UP_PAGE;
      const read = page.length > 0 ? page[page.length - 1]!.position : checkpoint;
      const next = done && comparePositions(head, read) > 0 ? head : read;
      if (page.length > 0 || next !== checkpoint) await this.record(page.flatMap(linksOf), next);
      checkpoint = next;
      if (done) return;
    }
  }

  async beforeAppend(pending: readonly PendingEvents[]): Promise<void> {
    for (const { events } of pending) {
      for (const event of events) {
        const registration = registrationOf(event);
        if (registration) await this.recordRegistration(registration.batteryId, registration.predecessorIds);
      }
    }
  }

  /**
   * Written before a successor's registration is appended (beforeAppend), so lineage is
   * exact at once even while the log's visibility horizon lags; a link left by a failed append is
   * dropped by BatteryLineage, which keeps only successors whose registration names the battery.
   */
  async recordRegistration(successorId: string, predecessorIds: readonly string[]): Promise<void> {
    if (predecessorIds.length === 0) return;
    await this.db.query(
      `insert into audit_lineage_links (predecessor_id, successor_id)
       select p, $2 from unnest($1::text[]) as p on conflict do nothing`,
      [predecessorIds, successorId],
    );
  }

  /** Batteries registered naming `batteryId` among their predecessorIds, in id order (bytewise, the same on every database). */
  async successorsNaming(batteryId: string): Promise<string[]> {
    const { rows } = await this.db.query<{ successor_id: string }>(
      'select successor_id from audit_lineage_links where predecessor_id = $1 order by successor_id collate "C"',
      [batteryId],
    );
    return rows.map((row) => row.successor_id);
  }

  private async record(links: Link[], checkpoint: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `insert into audit_lineage_links (predecessor_id, successor_id)
         select * from unnest($1::text[], $2::text[]) on conflict do nothing`,
        [links.map((link) => link.predecessorId), links.map((link) => link.successorId)],
      );
      await tx.query('update audit_lineage_checkpoint set position = greatest(position, $1::numeric)', [checkpoint]);
    });
  }
}

interface Link {
  predecessorId: string;
  successorId: string;
}

/** An imported battery's registration came with it: its predecessors link like a local one's. */
function registrationOf(event: BatteryEvent | SiteEvent): BatteryRegisteredData | undefined {
  if (event.type === 'BatteryRegistered') return event.data;
  if (event.type === 'BatteryImported') return event.data.registration;
  return undefined;
}

function linksOf(stored: RecordedEvent): Link[] {
  const registration = registrationOf(batteryEventFromStored(stored));
  if (!registration) return [];
  return registration.predecessorIds.map((predecessorId) => ({ predecessorId, successorId: registration.batteryId }));
}
