import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { runMigrations, type Database } from '#libs/database';
import type { InlineReadModel } from '../read-models/read-model-registry.js';
import type { PendingEvents } from '../read-models/pending-events.js';
import { DATABASE } from '../tokens.js';
import { CERTIFICATE_DIRECTORY_MIGRATION_NAMESPACE, CERTIFICATE_DIRECTORY_MIGRATIONS } from './certificate-directory.migrations.js';

/**
 * Which battery stream holds a certificate. Written before the issue event is appended, so a
 * lookup right after the 201 finds it whatever the event store (no projection lag, KurrentDB
 * included). It only maps ids: the battery stream stays the authority on the certificate, so a
 * row left behind by a failed append leads to a stream without that certificate, i.e. a 404.
 */
@Injectable()
export class CertificateDirectory implements OnModuleInit, InlineReadModel {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async onModuleInit(): Promise<void> {
    await runMigrations(this.database, CERTIFICATE_DIRECTORY_MIGRATION_NAMESPACE, CERTIFICATE_DIRECTORY_MIGRATIONS);
  }

  async beforeAppend(pending: readonly PendingEvents[]): Promise<void> {
    for (const { id, events } of pending) {
      for (const event of events) if (event.type === 'ReuseCertificateIssued') await this.record(event.data.certificateId, id);
    }
  }

  /** A command re-decided after a lost race records its certificate id again: that is a no-op. */
  async record(certificateId: string, batteryId: string): Promise<void> {
    await this.database.query(
      'insert into certificate_directory (certificate_id, battery_id) values ($1, $2) on conflict (certificate_id) do nothing',
      [certificateId, batteryId],
    );
  }

  async batteryOf(certificateId: string): Promise<string | undefined> {
    const { rows } = await this.database.query<{ battery_id: string }>(
      'select battery_id from certificate_directory where certificate_id = $1',
      [certificateId],
    );
    return rows[0]?.battery_id;
  }
}
