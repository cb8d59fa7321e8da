import { Injectable } from '@nestjs/common';
import { OrganisationNotFound, organisationView, type OrganisationRegisteredData } from '#libs/lifecycle';
import { ORGANISATION } from '../lifecycle/aggregates.js';
import { LifecycleRepository } from '../lifecycle/lifecycle.repository.js';

export type Organisation = OrganisationRegisteredData;

/**
 * The organisations as their streams say now: the public face for whoever needs to know one
 * (the GET route, the passport's economic operator, a transfer's `toOrganisationId`). Read from
 * the stream (kept folds, so a lookup after the first costs nothing) rather than a projection:
 * organisations are few, and a command naming one must see it the moment it was registered.
 * A command that must refuse an unknown organisation with nothing written declares the stream
 * with `reads(ORGANISATION, …)` and lets its decider call `requireOrganisation` instead.
 */
@Injectable()
export class OrganisationDirectory {
  constructor(private readonly repository: LifecycleRepository) {}

  async find(organisationId: string): Promise<Organisation | null> {
    const { state } = await this.repository.latest(ORGANISATION, organisationId);
    return state.registered ? organisationView(state) : null;
  }

  /** OrganisationNotFound (404) when it is not registered. */
  async get(organisationId: string): Promise<Organisation> {
    const organisation = await this.find(organisationId);
    if (organisation === null) throw new OrganisationNotFound(organisationId);
    return organisation;
  }
}
