import { createReadStream } from 'node:fs';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { hangulFontFiles } from '#libs/certificates';
import { BatteryNotFound, ID_PATTERN } from '#libs/lifecycle';
import { cellpathPassport } from '#libs/passport';
import { Public } from '../auth/access.js';
import { sendPage } from './pages/html.js';
import { ceasedPassportPage, publicPassportPage, unknownBatteryPage } from './pages/passport-page.js';
import { PassportCeased, PassportReader } from './passport-reader.js';

/** `GET /passport/{batteryId}`: the public tier a phone sees after scanning the battery's label. */
@ApiExcludeController()
@Controller('passport')
export class PassportPageController {
  constructor(private readonly reader: PassportReader) {}

  @Get('assets/noto-sans-kr.ttf')
  @Public()
  font(@Res({ passthrough: true }) reply: FastifyReply) {
    // Only fetched by a device without a Hangul font of its own (the page's unicode-range).
    void reply.type('font/ttf').header('cache-control', 'public, max-age=604800, immutable');
    return createReadStream(hangulFontFiles().regular);
  }

  @Get(':batteryId')
  @Public()
  async passport(@Param('batteryId') batteryId: string, @Res({ passthrough: true }) reply: FastifyReply) {
    if (!ID_PATTERN.test(batteryId)) return sendPage(reply, 404, unknownBatteryPage(batteryId));
    try {
      return sendPage(reply, 200, publicPassportPage(cellpathPassport(await this.reader.subject(batteryId), 'public')));
    } catch (error) {
      if (error instanceof BatteryNotFound) return sendPage(reply, 404, unknownBatteryPage(batteryId));
      if (error instanceof PassportCeased) return sendPage(reply, 410, ceasedPassportPage(batteryId));
      throw error;
    }
  }
}
