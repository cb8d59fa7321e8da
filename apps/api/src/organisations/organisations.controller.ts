import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AnyRole } from '../auth/access.js';
import { IdParamPipe } from '../commands/http-command.js';
import { OrganisationDirectory } from './organisation-directory.js';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('api/v1/organisations')
export class OrganisationsController {
  constructor(private readonly directory: OrganisationDirectory) {}

  @Get(':organisationId')
  @AnyRole()
  @ApiOperation({ summary: '{organisationId, name, country, identifiers, address?}; 404 when not registered.' })
  get(@Param('organisationId', new IdParamPipe('organisationId')) organisationId: string) {
    return this.directory.get(organisationId);
  }
}
