import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ENTRIES_LIMIT_MAX, type TransparencyLog } from '#libs/transparency-log';
import { AnyRole, Public, Roles } from '../auth/access.js';
import { TRANSPARENCY_LOG } from '../tokens.js';
import { QueryParams } from '../views/query-params.js';
import { answeringLogErrors } from './log-problems.js';

const STREAM_ID = /^[A-Za-z0-9._:/-]{1,200}$/;
const MAX_SIZE = 9_999_999_999;

/** Contract "Store-wide transparency log". Proofs and checkpoints change as the log grows: never cached. */
@ApiTags('transparency log')
@Controller('api/v1/log')
export class LogController {
  constructor(@Inject(TRANSPARENCY_LOG) private readonly log: TransparencyLog) {}

  @Get('checkpoint')
  @Public()
  @ApiOperation({
    summary:
      'The latest signed checkpoint: {origin, treeSize, rootHash, issuedAt, keyId, signature, text} (C2SP body, Ed25519 over its UTF-8 bytes).',
  })
  checkpoint(@Res({ passthrough: true }) reply: FastifyReply) {
    void reply.header('cache-control', 'no-store');
    return this.log.checkpoint();
  }

  @Get('entries')
  @AnyRole()
  @ApiBearerAuth()
  @ApiOperation({
    summary: `Leaves from ?start= (default 0), at most ?limit= (1-${ENTRIES_LIMIT_MAX}, default 100): {entries: [{index, streamId, revision, type, hash}], treeSize}.`,
  })
  entries(@Query() query: Record<string, unknown>) {
    const params = new QueryParams(query, ['start', 'limit']);
    const start = params.integer('start', 0, MAX_SIZE) ?? 0;
    const limit = params.integer('limit', 1, ENTRIES_LIMIT_MAX) ?? 100;
    params.check('log entries');
    return this.log.entries(start, limit);
  }

  @Get('proofs/inclusion')
  @AnyRole()
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      "RFC 9162 inclusion proof of the event streamId@revision: {leafIndex, treeSize, auditPath}; treeSize defaults to the latest checkpoint's. 404 unknown event, 409 not-yet-in-log, 400 treeSize beyond the log.",
  })
  inclusion(@Query() query: Record<string, unknown>) {
    const params = new QueryParams(query, ['streamId', 'revision', 'treeSize']);
    const streamId = params.text('streamId', STREAM_ID, 'must be a stream id (1-200 of A-Z a-z 0-9 . _ : / -)');
    const revision = params.integer('revision', 0, 2_147_483_647);
    const treeSize = params.integer('treeSize', 1, MAX_SIZE);
    if (query.streamId === undefined) params.errors.push({ field: 'streamId', message: 'is required' });
    if (query.revision === undefined) params.errors.push({ field: 'revision', message: 'is required' });
    params.check('inclusion proof');
    return answeringLogErrors(() => this.log.inclusion(streamId!, revision!, treeSize));
  }

  @Get('proofs/consistency')
  @Public()
  @ApiOperation({
    summary: 'RFC 9162 consistency proof between two tree sizes: {from, to, proof}; 400 when from > to, from = 0 or to is beyond the log.',
  })
  consistency(@Query() query: Record<string, unknown>) {
    const params = new QueryParams(query, ['from', 'to']);
    const from = params.integer('from', 0, MAX_SIZE);
    const to = params.integer('to', 0, MAX_SIZE);
    if (query.from === undefined) params.errors.push({ field: 'from', message: 'is required' });
    if (query.to === undefined) params.errors.push({ field: 'to', message: 'is required' });
    params.check('consistency proof');
    return answeringLogErrors(() => this.log.consistency(from!, to!));
  }

  @Get('audit')
  @Roles('auditor')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Recomputes the tree from the stored events and compares it with every signed checkpoint: {consistent, treeSize} or {consistent: false, firstBadIndex, detail}.',
  })
  audit() {
    return this.log.audit();
  }
}
