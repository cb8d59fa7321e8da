import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { SqlExecutor } from '#libs/database';
import {
  VIEW_PROJECTIONS,
  queryCertificatesView,
  queryCircularityView,
  queryGradesView,
  queryInventoryView,
  queryLifecycleView,
  queryMaterialsView,
  type ProjectionRunner,
} from '#libs/projections';
import { DATABASE, PROJECTIONS } from '../tokens.js';
import { awaitMinPosition } from './min-position.js';

/** The contract's six views; dwell time and certificate expiry are read on the server's clock. */
const VIEWS = {
  inventory: (db: SqlExecutor, now: Date) => queryInventoryView(db, { now }),
  lifecycle: (db: SqlExecutor) => queryLifecycleView(db),
  grades: (db: SqlExecutor) => queryGradesView(db),
  circularity: (db: SqlExecutor) => queryCircularityView(db),
  materials: (db: SqlExecutor) => queryMaterialsView(db),
  certificates: (db: SqlExecutor, now: Date) => queryCertificatesView(db, { now }),
};

export type ContractView = keyof typeof VIEWS;
type ViewOf<Name extends ContractView> = Awaited<ReturnType<(typeof VIEWS)[Name]>>;

export class GetViewQuery<Name extends ContractView = ContractView> extends Query<ViewOf<Name>> {
  constructor(
    readonly view: Name,
    /** Wait for the view to reach this position first (read-your-writes). */
    readonly minPosition?: string,
  ) {
    super();
  }
}

@QueryHandler(GetViewQuery)
export class GetViewHandler implements IQueryHandler<GetViewQuery> {
  constructor(
    @Inject(DATABASE) private readonly db: SqlExecutor,
    @Inject(PROJECTIONS) private readonly runner: ProjectionRunner,
  ) {}

  async execute({ view, minPosition }: GetViewQuery): Promise<ViewOf<ContractView>> {
    await awaitMinPosition(this.runner, minPosition, VIEW_PROJECTIONS[view]);
    return VIEWS[view](this.db, new Date());
  }
}
