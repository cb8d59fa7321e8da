import type { DomainEvent } from './domain-event.js';
import { withoutUndefined } from './without-undefined.js';

/** Identifiers an economic operator is known by (domain.md "Passports, access tiers and responsibility"). */
export interface OrganisationIdentifiers {
  /** Catena-X business partner number of the legal entity. */
  bpnl?: string;
  /** ISO 17442 legal entity identifier. */
  lei?: string;
  /** Korean business registration number, ten digits without hyphens. */
  krBusinessNumber?: string;
  /** Any other registry's identifier, as free text. */
  other?: string;
}

/** A postal address; the country is the organisation's own. */
export interface OrganisationAddress {
  street?: string;
  postalCode?: string;
  city?: string;
}

export interface OrganisationRegisteredData {
  organisationId: string;
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  identifiers: OrganisationIdentifiers;
  address?: OrganisationAddress;
}

export type OrganisationRegistered = DomainEvent<'OrganisationRegistered', OrganisationRegisteredData>;
export type OrganisationEvent = OrganisationRegistered;
export type OrganisationEventType = OrganisationEvent['type'];

export const ORGANISATION_EVENT_TYPES = ['OrganisationRegistered'] as const satisfies readonly OrganisationEventType[];

export function isOrganisationEventType(type: string): type is OrganisationEventType {
  return (ORGANISATION_EVENT_TYPES as readonly string[]).includes(type);
}

export function organisationEvent(occurredAt: string, data: OrganisationRegisteredData): OrganisationRegistered {
  return { type: 'OrganisationRegistered', schemaVersion: 1, occurredAt, data: withoutUndefined(data) };
}

/** Like a site's (`site/<id>`): `/` is outside the id alphabet, so no battery stream can be named so. */
export const ORGANISATION_STREAM_PREFIX = 'organisation/';

export function organisationStreamId(organisationId: string): string {
  return `${ORGANISATION_STREAM_PREFIX}${organisationId}`;
}
