import type { OrganisationEvent, OrganisationRegisteredData } from './organisation-events.js';

export interface UnregisteredOrganisation {
  registered: false;
  revision: -1;
}

/** The body of `GET /api/v1/organisations/{organisationId}` is this without `registered` and `revision`. */
export type RegisteredOrganisation = OrganisationRegisteredData & { registered: true; revision: number };

export type OrganisationState = UnregisteredOrganisation | RegisteredOrganisation;

export const initialOrganisationState: UnregisteredOrganisation = Object.freeze({ registered: false, revision: -1 });

export function evolveOrganisation(state: OrganisationState, event: OrganisationEvent): RegisteredOrganisation {
  if (state.registered) throw new Error(`organisation ${state.organisationId} registered twice in one stream`);
  return { ...event.data, registered: true, revision: 0 };
}

export function organisationView({ registered: _, revision: __, ...organisation }: RegisteredOrganisation): OrganisationRegisteredData {
  return organisation;
}
