import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CertificateNotFound } from '#libs/lifecycle';
import { AnyRole, Public } from '../auth/access.js';
import { IdParamPipe } from '../commands/http-command.js';
import { prefersHtml } from '../passport/accept.js';
import { certificateVerdictPage, unknownCertificatePage } from '../passport/pages/certificate-page.js';
import { sendPage } from '../passport/pages/html.js';
import { CertificatePdfQuery } from './certificate-pdf-query.js';
import { GetCertificateQuery } from './certificate-query.js';
import { GetSigningKeysQuery } from './signing-keys-query.js';
import { VerifyCertificateQuery } from './verify-certificate-query.js';

const certificateId = () => Param('certificateId', new IdParamPipe('certificateId'));

/** Contract "Certificates" reads (revocation is declared with the battery commands): verification and public keys are open to anyone holding a certificate. */
@ApiTags('certificates')
@Controller('api/v1/certificates')
export class CertificatesController {
  constructor(private readonly queries: QueryBus) {}

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
}
