import type { Migration } from '#libs/database';

export const CERTIFICATE_DIRECTORY_MIGRATION_NAMESPACE = 'certificates';

export const CERTIFICATE_DIRECTORY_MIGRATIONS: Migration[] = [
  {
    id: '001-certificate-directory',
    sql: `
      CREATE TABLE IF NOT EXISTS certificate_directory (
        certificate_id text PRIMARY KEY,
        battery_id text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
];
