import { Module } from '@nestjs/common';
import { LifecycleModule } from '../lifecycle/lifecycle.module.js';
import { OrganisationDirectory } from './organisation-directory.js';
import { OrganisationsController } from './organisations.controller.js';

/** Economic operators (contract "Organisations and responsibility"); the command is in CommandsModule. */
@Module({
  imports: [LifecycleModule],
  controllers: [OrganisationsController],
  providers: [OrganisationDirectory],
  exports: [OrganisationDirectory],
})
export class OrganisationsModule {}
