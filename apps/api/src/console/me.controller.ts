import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '#libs/event-store';
import { AnyRole, CurrentActor } from '../auth/access.js';

/**
 * Who the presented key is. A client (the console) needs the key's roles to offer only what it
 * may do; probing commands for 403s would be the alternative, and a worse one.
 */
@ApiTags('auth')
@ApiBearerAuth()
@Controller('api/v1/me')
export class MeController {
  @Get()
  @AnyRole()
  @ApiOperation({ summary: 'The presented API key: its non-secret id and its roles (extension, used by the console).' })
  @ApiOkResponse({
    schema: { type: 'object', properties: { keyId: { type: 'string' }, roles: { type: 'array', items: { type: 'string' } } } },
  })
  me(@CurrentActor() actor: Actor) {
    return { ...actor };
  }
}
