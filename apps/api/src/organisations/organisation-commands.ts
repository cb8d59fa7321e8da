import { decideOrganisation, validateOrganisation, type RegisterOrganisation } from '#libs/lifecycle';
import { declareCommand, writes } from '../commands/command-declaration.js';
import { ORGANISATION } from '../lifecycle/aggregates.js';
import { RegisterOrganisationDto } from './register-organisation.dto.js';

/** Contract "Organisations and responsibility": economic operators, registered by an admin. */
export const REGISTER_ORGANISATION = declareCommand<RegisterOrganisation>()({
  name: 'registerOrganisation',
  route: '',
  // Admin only: `Roles` always admits admin, so no other role is listed.
  roles: [],
  body: RegisterOrganisationDto,
  command: (body) => ({ type: 'RegisterOrganisation', ...body }),
  validate: validateOrganisation,
  streams: { organisation: writes(ORGANISATION, (command) => command.organisationId) },
  decide: (command, { organisation }, context) => ({ organisation: decideOrganisation(command, organisation.state, context) }),
  respond: ({ command }) => ({ organisationId: command.organisationId }),
});

export const ORGANISATION_COMMANDS = [REGISTER_ORGANISATION];
