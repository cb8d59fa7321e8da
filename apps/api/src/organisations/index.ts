export { OrganisationsModule } from './organisations.module.js';
export { OrganisationDirectory, type Organisation } from './organisation-directory.js';
export { ORGANISATION_COMMANDS } from './organisation-commands.js';
