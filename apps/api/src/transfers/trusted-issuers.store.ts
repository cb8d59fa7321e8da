import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Jwks } from '#libs/certificates';
import { runMigrations, type Database, type Migration } from '#libs/database';
import type { TrustedIssuer } from '#libs/transfers';
import { DATABASE } from '../tokens.js';

export const TRUSTED_ISSUER_MIGRATION_NAMESPACE = 'transfers';

/**
 * Pinned keys are configuration an admin decides, not a battery's fact: they live in a table, not
 * in the event store. A pin is never changed in place (409 on an existing id), so what an import
 * was verified against is what the table still holds; BatteryImported records the issuer id.
 */
export const TRUSTED_ISSUER_MIGRATIONS: readonly Migration[] = [
  {
    id: '0001-trusted-issuers',
    sql: `
      create table trusted_issuers (
        issuer_id text primary key,
        name text not null,
        organisation_id text,
        keys jsonb not null,
        pinned_at timestamptz not null default now()
      );
    `,
  },
];

interface IssuerRow {
  issuer_id: string;
  name: string;
  organisation_id: string | null;
  keys: Jwks;
  pinned_at: Date | string;
}

export type PinnedIssuer = TrustedIssuer & { pinnedAt: string };

@Injectable()
export class TrustedIssuersStore implements OnModuleInit {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async onModuleInit(): Promise<void> {
    await runMigrations(this.db, TRUSTED_ISSUER_MIGRATION_NAMESPACE, TRUSTED_ISSUER_MIGRATIONS);
  }

  /** False when the id is already pinned. */
  async pin(issuer: TrustedIssuer): Promise<boolean> {
    const { rows } = await this.db.query<{ issuer_id: string }>(
      `insert into trusted_issuers (issuer_id, name, organisation_id, keys) values ($1, $2, $3, $4::jsonb)
       on conflict (issuer_id) do nothing returning issuer_id`,
      [issuer.issuerId, issuer.name, issuer.organisationId ?? null, JSON.stringify(issuer.keys)],
    );
    return rows.length === 1;
  }

  async list(): Promise<PinnedIssuer[]> {
    const { rows } = await this.db.query<IssuerRow>('select * from trusted_issuers order by issuer_id collate "C"');
    return rows.map((row) => ({
      issuerId: row.issuer_id,
      name: row.name,
      ...(row.organisation_id === null ? {} : { organisationId: row.organisation_id }),
      keys: row.keys,
      pinnedAt: new Date(row.pinned_at).toISOString(),
    }));
  }
}
