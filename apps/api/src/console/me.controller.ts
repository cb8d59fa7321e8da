import { Controller, Get, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AnyRole } from '../auth/access.js';

const text = { type: 'string' } as const;

/**
 * Who the presented key is. A client (the console) needs the key's roles to offer only what it
 * may do, and its sites to offer only those; probing commands for 403s would be the alternative,
 * and a worse one.
 */
@ApiTags('auth')
@ApiBearerAuth()
@Controller('api/v1/me')
export class MeController {
  @Get()
  @AnyRole()
  @ApiOperation({
    summary:
      'The presented API key: its non-secret id and roles; for a named key (API_KEYS_FILE) its name, organisation and the sites it may write at (extension, used by the console).',
  })
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['keyId', 'roles'],
      properties: {
        keyId: text,
        roles: { type: 'array', items: text },
        name: text,
        organisationId: text,
        siteIds: { type: 'array', items: text, description: 'absent: the key may write at every site' },
      },
    },
  })
  me(@Req() request: FastifyRequest) {
    return { ...request.actor, ...(request.siteScope && { siteIds: request.siteScope }) };
  }
}
