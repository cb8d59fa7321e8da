import { Controller, Get, Headers, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/access.js';
import { ProblemException } from '../http/problem.js';
import type { ConsoleFile } from './console-files.js';
import { CONSOLE_FILES } from './console.tokens.js';

/**
 * Scripts and styles come from /console itself (no inline script, no CDN); style attributes are
 * allowed because ECharts positions its tooltips with them. The console talks to this origin only.
 */
export const CONSOLE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The staff console's static files at /console/ (built by Vite into dist/console). */
@ApiExcludeController()
@Controller('console')
export class ConsoleController {
  constructor(@Inject(CONSOLE_FILES) private readonly files: Map<string, ConsoleFile>) {}

  @Get()
  @Public()
  root(@Res() reply: FastifyReply) {
    // Relative asset URLs in index.html need the trailing slash.
    return reply.redirect('/console/', 308);
  }

  @Get('*')
  @Public()
  file(
    @Req() request: FastifyRequest<{ Params: { '*': string } }>,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const name = request.params['*'] || 'index.html';
    // Unknown non-asset paths are the app's own routes: the app itself answers them.
    const file = this.files.get(name) ?? (name.startsWith('assets/') ? undefined : this.files.get('index.html'));
    if (!file)
      throw new ProblemException(
        404,
        'not-found/console-file',
        this.files.size === 0 ? 'the console is not built: run npm run build' : `no console file ${name}`,
      );
    void reply
      .header('content-security-policy', CONSOLE_POLICY)
      .header('content-type', file.contentType)
      .header('etag', file.etag)
      .header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (ifNoneMatch === file.etag) return reply.status(304).send();
    return reply.send(file.body);
  }
}
