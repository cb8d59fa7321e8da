import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { SiteNotFound, siteView, type SiteView } from '#libs/lifecycle';
import { LifecycleRepository } from './lifecycle.repository.js';

export class GetSiteQuery extends Query<SiteView> {
  constructor(readonly siteId: string) {
    super();
  }
}

/** Read from the site stream itself: occupancy must be exact for whoever places the next pack. */
@QueryHandler(GetSiteQuery)
export class GetSiteHandler implements IQueryHandler<GetSiteQuery, SiteView> {
  constructor(private readonly repository: LifecycleRepository) {}

  async execute({ siteId }: GetSiteQuery): Promise<SiteView> {
    const site = await this.repository.site(siteId);
    if (!site.created) throw new SiteNotFound(siteId);
    return siteView(site);
  }
}
