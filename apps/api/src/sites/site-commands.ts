import { decideSite, validateSite, type CreateSite } from '#libs/lifecycle';
import { declareCommand, writes } from '../commands/command-declaration.js';
import { SITE } from '../lifecycle/aggregates.js';
import { CreateSiteDto } from './create-site.dto.js';

/** Contract "Sites": slots change only with a battery moving (see the storage commands), so this is the only one. */
export const CREATE_SITE = declareCommand<CreateSite>()({
  name: 'create',
  route: '',
  roles: ['operator'],
  body: CreateSiteDto,
  command: (body) => ({ type: 'CreateSite', ...body }),
  validate: validateSite,
  streams: { site: writes(SITE, (command) => command.siteId) },
  decide: (command, { site }, context) => ({ site: decideSite(command, site.state, context) }),
  respond: ({ command }) => ({ siteId: command.siteId }),
});

export const SITE_COMMANDS = [CREATE_SITE];
