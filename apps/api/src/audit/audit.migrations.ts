import type { Migration } from '#libs/database';

export const AUDIT_MIGRATION_NAMESPACE = 'audit';

/**
 * The lineage index: which batteries name which predecessors. A predecessor's own stream only
 * learns a successor through its second-life event, while the successor's registration (another
 * stream) names it from the start; the index answers "who names X" without scanning every stream.
 * It is derived from BatteryRegistered events only, so it can be dropped and rebuilt at any time.
 */
export const AUDIT_MIGRATIONS: readonly Migration[] = [
  {
    id: '0001-lineage-links',
    sql: `
      create table audit_lineage_links (
        predecessor_id text not null,
        successor_id text not null,
        primary key (predecessor_id, successor_id)
      );
      -- Global position of the last event read into the links: numeric, as KurrentDB positions exceed bigint.
      create table audit_lineage_checkpoint (
        singleton boolean primary key default true check (singleton),
        position numeric not null
      );
      insert into audit_lineage_checkpoint (position) values (0);
    `,
  },
];
