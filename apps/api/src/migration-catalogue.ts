import { CERTIFICATE_KEY_MIGRATION_NAMESPACE, CERTIFICATE_KEY_MIGRATIONS } from '#libs/certificates';
import type { MigrationSet } from '#libs/database';
import { EVENT_STORE_MIGRATION_NAMESPACE, eventStoreMigrations } from '#libs/event-store';
import { PROJECTIONS, projectionMigrationNamespace, RUNNER_MIGRATION_NAMESPACE, runnerMigrations } from '#libs/projections';
import { LOG_MIGRATION_NAMESPACE, LOG_MIGRATIONS } from '#libs/transparency-log';
import { AUDIT_MIGRATION_NAMESPACE, AUDIT_MIGRATIONS } from './audit/audit.migrations.js';
import {
  CERTIFICATE_DIRECTORY_MIGRATION_NAMESPACE,
  CERTIFICATE_DIRECTORY_MIGRATIONS,
} from './certificates/certificate-directory.migrations.js';
import { IDEMPOTENCY_MIGRATIONS } from './idempotency/index.js';
import { TRUSTED_ISSUER_MIGRATION_NAMESPACE, TRUSTED_ISSUER_MIGRATIONS } from './transfers/trusted-issuers.store.js';

/** The idempotency keys' namespace (openInfrastructure applies it under this name). */
export const API_MIGRATION_NAMESPACE = 'api';

/**
 * Every migration an API start applies on the configured database (the projector's are among
 * them), for `cellpath migrate status`. A test starts the API and checks that this list leaves
 * nothing pending or unknown: a migration added elsewhere and not here fails it.
 */
export function apiMigrationSets(config: { databaseUrl?: string; kurrentdbUrl?: string }): MigrationSet[] {
  return [
    // With KurrentDB the events live there, and it has no migrations.
    ...(config.kurrentdbUrl ? [] : [{ namespace: EVENT_STORE_MIGRATION_NAMESPACE, migrations: eventStoreMigrations }]),
    // The published signing keys live in the database only with DATABASE_URL (else a file in DATA_DIR).
    ...(config.databaseUrl ? [{ namespace: CERTIFICATE_KEY_MIGRATION_NAMESPACE, migrations: CERTIFICATE_KEY_MIGRATIONS }] : []),
    { namespace: API_MIGRATION_NAMESPACE, migrations: IDEMPOTENCY_MIGRATIONS },
    { namespace: RUNNER_MIGRATION_NAMESPACE, migrations: runnerMigrations },
    ...PROJECTIONS.map((projection) => ({ namespace: projectionMigrationNamespace(projection.name), migrations: projection.migrations })),
    { namespace: LOG_MIGRATION_NAMESPACE, migrations: LOG_MIGRATIONS },
    { namespace: CERTIFICATE_DIRECTORY_MIGRATION_NAMESPACE, migrations: CERTIFICATE_DIRECTORY_MIGRATIONS },
    { namespace: AUDIT_MIGRATION_NAMESPACE, migrations: AUDIT_MIGRATIONS },
    { namespace: TRUSTED_ISSUER_MIGRATION_NAMESPACE, migrations: TRUSTED_ISSUER_MIGRATIONS },
  ];
}
