import type { DecisionContext } from './decision-context.js';
import { LifecycleRuleViolation, OrganisationNotFound } from './errors.js';
import { FieldErrors } from './field-errors.js';
import { BPNL_PATTERN, isKrBusinessNumber, isLei } from './organisation-identifiers.js';
import { organisationEvent, type OrganisationEvent, type OrganisationRegisteredData } from './organisation-events.js';
import { initialOrganisationState, type OrganisationState, type RegisteredOrganisation } from './organisation-state.js';
import { requireInstant } from './time.js';

/** `POST /api/v1/organisations` body. */
export type RegisterOrganisationBody = Omit<OrganisationRegisteredData, 'identifiers'> & {
  identifiers?: OrganisationRegisteredData['identifiers'];
};

export type RegisterOrganisation = { type: 'RegisterOrganisation' } & RegisterOrganisationBody;
export type OrganisationCommand = RegisterOrganisation;

export function decideOrganisation(
  command: OrganisationCommand,
  state: OrganisationState,
  context: Pick<DecisionContext, 'now'>,
): OrganisationEvent[] {
  const now = requireInstant(context.now, 'context.now');
  validateOrganisation(command);
  if (state.registered) {
    throw new LifecycleRuleViolation('organisation-already-exists', `organisation ${command.organisationId} already exists`);
  }
  const { organisationId, name, country, identifiers = {}, address } = command;
  const { bpnl, lei, krBusinessNumber, other } = identifiers;
  const picked = address && { street: address.street, postalCode: address.postalCode, city: address.city };
  return [organisationEvent(now, { organisationId, name, country, identifiers: { bpnl, lei, krBusinessNumber, other }, address: picked })];
}

/** Content checks (400): the id, blank text, and the identifiers whose format has a published check. */
export function validateOrganisation(command: OrganisationCommand): void {
  const fields = new FieldErrors();
  fields.id('organisationId', command.organisationId);
  fields.text('name', command.name);
  // Which codes are assigned is the DTO's check (a value set); it lets lower case through.
  if (!/^[A-Z]{2}$/.test(command.country)) fields.add('country', 'must be an ISO 3166-1 alpha-2 code in upper case (KR, DE, CA)');
  const { bpnl, lei, krBusinessNumber, other } = command.identifiers ?? {};
  if (bpnl !== undefined && !BPNL_PATTERN.test(bpnl)) fields.add('identifiers.bpnl', 'must be BPNL followed by 12 letters or digits');
  if (lei !== undefined && !isLei(lei)) {
    fields.add('identifiers.lei', 'must be an ISO 17442 LEI: 20 upper-case letters or digits whose MOD 97-10 check holds');
  }
  if (krBusinessNumber !== undefined && !isKrBusinessNumber(krBusinessNumber)) {
    fields.add('identifiers.krBusinessNumber', 'must be 10 digits (no hyphens) whose check digit holds');
  }
  fields.text('identifiers.other', other);
  for (const part of ['street', 'postalCode', 'city'] as const) fields.text(`address.${part}`, command.address?.[part]);
  fields.throwIfAny();
}

/**
 * An organisation a command names must be registered (404): `state` is that organisation's
 * stream, loaded by the caller (`initialOrganisationState` when it does not exist).
 */
export function requireOrganisation(state: OrganisationState | undefined, organisationId: string): RegisteredOrganisation {
  const organisation = state ?? initialOrganisationState;
  if (!organisation.registered) throw new OrganisationNotFound(organisationId);
  if (organisation.organisationId !== organisationId) {
    throw new Error(`state of organisation ${organisation.organisationId} passed for ${organisationId}`);
  }
  return organisation;
}
