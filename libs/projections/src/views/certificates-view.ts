import type { SqlExecutor } from '#libs/database';
import { APPLICATIONS, certificateStatus } from '#libs/lifecycle';
import { BATTERY_CERTIFICATES_TABLE } from '../read-models/batteries-projection.js';
import { readViewPosition } from '../runner/checkpoints.js';
import type { ReadModelState } from '../summaries/read-model-state.js';
import { countOf, ones, sum, tally, type Counts, type KeyCount } from './figures.js';
import { VIEW_PROJECTIONS } from './view-projections.js';
import type { CertificatesView } from './view-types.js';

/** Expiry depends on the reader's clock, so it is decided at query time, never stored. */
export interface CertificatesViewQuery {
  now?: Date;
}

const CERTIFICATE_STATUSES = ['active', 'revoked', 'expired'] as const;

function certificatesViewFrom(asOfPosition: string, byStatus: Counts, byApplication: Counts): CertificatesView {
  return {
    asOfPosition,
    issued: sum(byStatus.map(([, count]) => count)),
    ...tally(CERTIFICATE_STATUSES, byStatus),
    byApplication: tally(APPLICATIONS, byApplication),
  };
}

export function certificatesView(state: ReadModelState, { now = new Date() }: CertificatesViewQuery = {}): CertificatesView {
  return certificatesViewFrom(
    state.position,
    ones(state.certificates.map((certificate) => certificateStatus(certificate, now.toISOString()))),
    ones(state.certificates.flatMap((certificate) => certificate.applications)),
  );
}

export async function queryCertificatesView(db: SqlExecutor, { now = new Date() }: CertificatesViewQuery = {}): Promise<CertificatesView> {
  const asOfPosition = await readViewPosition(db, VIEW_PROJECTIONS.certificates);
  const byStatus = await db.query<KeyCount>(
    `select case when revoked_at is not null then 'revoked' when valid_until > $1::timestamptz then 'active' else 'expired' end as key,
       count(*)::int as count
     from ${BATTERY_CERTIFICATES_TABLE} group by 1`,
    [now.toISOString()],
  );
  const byApplication = await db.query<KeyCount>(
    `select application as key, count(*)::int as count
     from ${BATTERY_CERTIFICATES_TABLE}, jsonb_array_elements_text(applications) as application group by application`,
  );
  return certificatesViewFrom(asOfPosition, byStatus.rows.map(countOf), byApplication.rows.map(countOf));
}
