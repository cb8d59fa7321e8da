import type { SqlExecutor } from '#libs/database';
import { FencedOut } from './checkpoints.js';

const LEASE_ID = 'projection-runner';

/**
 * Which runner process applies events. A lease row with an expiry, not a session advisory lock:
 * the Database seam pools connections and has no session to hold one. The holder extends it
 * inside every batch transaction (`fence`), so a process that lost it cannot commit: its
 * transaction fails instead of applying events a second time. On PGlite (one process) the lease
 * is simply always free to take.
 */
export class ProjectionLease {
  constructor(
    private readonly db: SqlExecutor,
    readonly holder: string,
    private readonly ttlMs: number,
  ) {}

  /** Takes the lease when free or expired, extends it when already held; true when held. */
  async acquire(): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `insert into projection_lease (id, holder, expires_at) values ($1, $2, now() + $3::float8 * interval '1 millisecond')
       on conflict (id) do update set holder = excluded.holder, expires_at = excluded.expires_at
       where projection_lease.holder = excluded.holder or projection_lease.expires_at < now()`,
      [LEASE_ID, this.holder, this.ttlMs],
    );
    return rowCount === 1;
  }

  /** Inside a writing transaction: extends the lease, or throws FencedOut when another process holds it. */
  async fence(tx: SqlExecutor): Promise<void> {
    const { rowCount } = await tx.query(
      `update projection_lease set expires_at = now() + $3::float8 * interval '1 millisecond' where id = $1 and holder = $2`,
      [LEASE_ID, this.holder, this.ttlMs],
    );
    if (rowCount !== 1) throw new FencedOut('another process holds the projection lease');
  }

  async release(): Promise<void> {
    await this.db.query('delete from projection_lease where id = $1 and holder = $2', [LEASE_ID, this.holder]);
  }
}
