import { Body, Controller, Get, Post, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { parseJwks, VerifierInputError } from '#libs/certificates';
import { ProblemException, badRequest } from '../http/problem.js';
import { AnyRole, Roles } from '../auth/access.js';
import { IdParamPipe } from '../commands/http-command.js';
import { answeringLogErrors } from '../log/log-problems.js';
import { provenanceOf } from './provenance.js';
import { TransferBundles } from './transfer-bundles.js';
import { TrustedIssuerDto } from './transfer.dtos.js';
import { TrustedIssuersStore } from './trusted-issuers.store.js';

const batteryId = () => Param('id', new IdParamPipe('id'));

/** Contract "Transfers between organisations and instances": the bundle, provenance and pinned partner keys (the commands are declared). */
@ApiTags('transfers')
@ApiBearerAuth()
@Controller('api/v1')
export class TransfersController {
  constructor(
    private readonly bundles: TransferBundles,
    private readonly issuers: TrustedIssuersStore,
  ) {}

  @Get('batteries/:id/bundle')
  @AnyRole()
  @ApiOperation({
    summary:
      "cellpath-bundle/1: every event, the certificates with signatures and revocations, a signed checkpoint that includes the last event, each event's inclusion proof in it, and the JWKS. Waits up to 5 s for the log to take in the last event, else 409 not-yet-in-log.",
  })
  async bundle(@batteryId() id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const bundle = await answeringLogErrors(() => this.bundles.bundle(id, new Date().toISOString()));
    void reply.header('content-disposition', `attachment; filename="${id}.bundle.json"`).header('cache-control', 'no-store');
    return bundle;
  }

  @Get('batteries/:id/provenance')
  @AnyRole()
  @ApiOperation({
    summary:
      "An imported battery's origin: the issuer, the origin's events, checkpoint and proofs as verified on import, and each origin certificate verified against the pinned keys now. 404 for a battery registered here.",
  })
  async provenance(@batteryId() id: string) {
    const imported = await this.bundles.imported(id);
    if (imported === undefined) {
      throw new ProblemException(404, 'not-found/provenance', `battery ${id} was registered here, not imported: it has no provenance`);
    }
    const issuer = (await this.issuers.list()).find((pinned) => pinned.issuerId === imported.data.issuerId);
    return provenanceOf(id, imported, issuer, new Date());
  }

  @Post('trusted-issuers')
  @Roles('admin')
  @ApiOperation({
    summary: "Pins a partner's public keys (its GET /certificates/keys): 201 {issuerId, keyIds}; 409 when the issuerId is pinned.",
  })
  async pin(@Body() body: TrustedIssuerDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const keys = this.jwks(body.keys);
    const pinned = await this.issuers.pin({ issuerId: body.issuerId, name: body.name, organisationId: body.organisationId, keys });
    if (!pinned)
      throw new ProblemException(409, 'rule/issuer-already-pinned', `trusted issuer ${body.issuerId} is already pinned`, {
        extensions: { rule: 'issuer-already-pinned' },
      });
    void reply.status(201);
    return { issuerId: body.issuerId, keyIds: keys.keys.map((key) => key.kid) };
  }

  @Get('trusted-issuers')
  @Roles('admin')
  @ApiOperation({ summary: 'The pinned trusted issuers: {items: [{issuerId, name, organisationId?, keys, pinnedAt}]}.' })
  async list() {
    return { items: await this.issuers.list() };
  }

  private jwks(keys: object) {
    try {
      const jwks = parseJwks(keys);
      if (jwks.keys.length === 0) throw new VerifierInputError('holds no Ed25519 key');
      return jwks;
    } catch (error) {
      if (!(error instanceof VerifierInputError)) throw error;
      throw badRequest(`keys: ${error.message}`, [{ field: 'keys', message: error.message }]);
    }
  }
}
