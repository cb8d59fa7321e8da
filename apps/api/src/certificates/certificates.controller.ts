import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CertificateNotFound } from '#libs/lifecycle';
import { AnyRole, Public, Roles } from '../auth/access.js';
import { RevokeCertificateDto } from '../batteries/certificate-command.dtos.js';
import { IdParamPipe, requestContext, sendCommandResponse } from '../commands/http-command.js';
import { ExecuteLifecycleCommand } from '../lifecycle/lifecycle-command.js';
import { prefersHtml } from '../passport/accept.js';
import { certificateVerdictPage, unknownCertificatePage } from '../passport/pages/certificate-page.js';
import { sendPage } from '../passport/pages/html.js';
import { CertificatePdfQuery } from './certificate-pdf-query.js';
import { GetCertificateQuery } from './certificate-query.js';
import { GetSigningKeysQuery } from './signing-keys-query.js';
import { VerifyCertificateQuery } from './verify-certificate-query.js';

const certificateId = () => Param('certificateId', new IdParamPipe('certificateId'));

/** Contract "Certificates": verification and public keys are open to anyone holding a certificate. */
@ApiTags('certificates')
@Controller('api/v1/certificates')
export class CertificatesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  // Declared before the `:certificateId` routes for readers; the router prefers static segments anyway.
  @Get('keys')
  @Public()
  @ApiOperation({ summary: 'JWKS of the Ed25519 certificate signing keys (the published set): active ones first, then every retired one.' })
  keys() {
    return this.queries.execute(new GetSigningKeysQuery());
  }

  @Get(':certificateId')
  @AnyRole()
  @ApiBearerAuth()
  @ApiOperation({ summary: "The signed certificate document, as recorded in its battery's history." })
  async get(@certificateId() id: string) {
    return (await this.queries.execute(new GetCertificateQuery(id))).certificate;
  }

  @Get(':certificateId/verify')
  @Public()
  @ApiOperation({
    summary: 'Signature check and status now: {valid, status, certificate, signature, revocation}.',
    description:
      "Extension: `battery: {batteryId, status}` gives the battery's passport status now (e.g. waste after a hand-over). Sent with Cache-Control: no-store. With `Accept: text/html` (a browser), the same verdict as a bilingual page.",
  })
  async verify(@certificateId() id: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    // Revocation and expiry change the answer over time; a cached "valid" would outlive them.
    void reply.header('cache-control', 'no-store').header('vary', 'Accept');
    if (!prefersHtml(request.headers.accept)) return this.queries.execute(new VerifyCertificateQuery(id, new Date()));
    // The certificate's QR code opens this URL on a phone: the same verdict as a page, a forged id included.
    try {
      return sendPage(reply, 200, certificateVerdictPage(await this.queries.execute(new VerifyCertificateQuery(id, new Date()))));
    } catch (error) {
      if (error instanceof CertificateNotFound) return sendPage(reply, 404, unknownCertificatePage(id));
      throw error;
    }
  }

  @Get(':certificateId/pdf')
  @AnyRole()
  @ApiBearerAuth()
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'Printable bilingual (Korean/English) certificate with a QR code holding the verify URL.' })
  async pdf(@certificateId() id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const pdf = await this.queries.execute(new CertificatePdfQuery(id));
    // Never kept by a browser or proxy: a copy from before a revocation would still look valid.
    void reply.type('application/pdf').header('content-disposition', `inline; filename="${id}.pdf"`).header('cache-control', 'no-store');
    return pdf;
  }

  @Post(':certificateId/revocation')
  @Roles('certifier')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Revokes an active certificate with a reason: 201 {certificateId, batteryId, status, revokedAt, revision, position}; 409 when not active.' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retry-safe key; same key and body replays the first response.' })
  @ApiHeader({ name: 'If-Match', required: false, description: "Expected revision of the certificate's battery, e.g. \"7\"." })
  async revoke(@certificateId() id: string, @Body() body: RevokeCertificateDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const context = requestContext(request, body);
    const { battery } = await this.queries.execute(new GetCertificateQuery(id));
    const command = { type: 'RevokeReuseCertificate' as const, batteryId: battery.batteryId, certificateId: id, reason: body.reason };
    const response = await this.commands.execute(new ExecuteLifecycleCommand(command, context));
    // Read back rather than taken from the request: an idempotent replay must answer the first revocation's time.
    const { revocation } = await this.queries.execute(new GetCertificateQuery(id));
    if (revocation === null) throw new Error(`certificate ${id} is not revoked after its revocation was written`);
    const { revision, position } = response.body;
    return sendCommandResponse(reply, {
      ...response,
      body: { certificateId: id, batteryId: battery.batteryId, status: 'revoked', revokedAt: revocation.revokedAt, revision, position },
    });
  }
}
