import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import type { AppConfig } from '#libs/config';
import { cellpathPassport, passportCompleteness, standardExport, tierOf } from '#libs/passport';
import { AnyRole, PublicOrValidKey } from '../auth/access.js';
import { IdParamPipe } from '../commands/http-command.js';
import { ProblemException } from '../http/problem.js';
import { parseFormat } from './passport-format.js';
import { PassportReader } from './passport-reader.js';
import { CONFIG } from '../tokens.js';

const FORMAT_QUERY = {
  name: 'format',
  required: false,
  enum: ['cellpath', 'catenax-6.1.0', 'batterypass-1.2'],
  description: 'Default cellpath.',
};

/** Contract "Battery passport": the exports, their completeness, and the label's QR code. */
@ApiTags('passport')
@Controller('api/v1/batteries/:id')
export class PassportController {
  constructor(
    private readonly reader: PassportReader,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('passport')
  @PublicOrValidKey()
  @ApiBearerAuth()
  @ApiQuery(FORMAT_QUERY)
  @ApiOperation({
    summary:
      'The passport: cellpath (tiered; public without a key), catenax-6.1.0 or batterypass-1.2 (a key needed). 409 passport-incomplete with each missing path; 410 after recycling.',
  })
  async passport(@Param('id', new IdParamPipe('id')) id: string, @Query('format') rawFormat: unknown, @Req() request: FastifyRequest) {
    const format = parseFormat(rawFormat);
    if (format !== 'cellpath' && request.actor === undefined)
      throw unauthorized(`the ${format} format needs an API key; without one only the public cellpath tier is served`);
    const subject = await this.reader.subject(id);
    if (format === 'cellpath') return cellpathPassport(subject, tierOf(request.actor?.roles));
    const result = standardExport(format, subject, this.reader.validator);
    if (!result.ok) {
      throw new ProblemException(
        409,
        'rule/passport-incomplete',
        `the events of battery ${id} (and the source attached in that format, if any) cannot make a valid ${format} document (rule: passport-incomplete)`,
        {
          errors: result.missing,
          extensions: { rule: 'passport-incomplete' },
        },
      );
    }
    return result.document;
  }

  @Get('passport/completeness')
  @AnyRole()
  @ApiBearerAuth()
  @ApiQuery(FORMAT_QUERY)
  @ApiOperation({ summary: '{format, complete, missing: [{field, message}]}: what keeps the export from being complete.' })
  async completeness(@Param('id', new IdParamPipe('id')) id: string, @Query('format') rawFormat: unknown) {
    const format = parseFormat(rawFormat);
    return passportCompleteness(format, await this.reader.subject(id), this.reader.validator);
  }

  @Get('qr.svg')
  @AnyRole()
  @ApiBearerAuth()
  @ApiProduces('image/svg+xml')
  @ApiOperation({ summary: "QR code for the battery's label, holding PUBLIC_BASE_URL/passport/{batteryId}." })
  async qr(@Param('id', new IdParamPipe('id')) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.reader.subject(id);
    const svg = await QRCode.toString(`${this.config.publicBaseUrl}/passport/${encodeURIComponent(id)}`, {
      type: 'svg',
      errorCorrectionLevel: 'M',
      margin: 4,
    });
    void reply.type('image/svg+xml');
    return svg;
  }
}

function unauthorized(detail: string): ProblemException {
  return new ProblemException(401, 'unauthorized', detail, { headers: { 'www-authenticate': 'Bearer' } });
}
