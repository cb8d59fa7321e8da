import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { Infrastructure } from '../infrastructure.js';
import { TRANSPARENCY_LOG } from '../tokens.js';
import { CertificateLogCheck } from './certificate-log-evidence.js';
import { LogController } from './log.controller.js';

/**
 * Contract "Store-wide transparency log": its endpoints, plus the log (TRANSPARENCY_LOG) and the
 * certificate check that /health, the history bundle and certificate verify inject. Global and
 * self-contained (it brings what it needs from the infrastructure), so one import line plugs it
 * into any module layout.
 */
@Global()
@Module({})
export class LogModule {
  static register({ transparencyLog, eventStore }: Pick<Infrastructure, 'transparencyLog' | 'eventStore'>): DynamicModule {
    const providers = [
      { provide: TRANSPARENCY_LOG, useValue: transparencyLog },
      { provide: CertificateLogCheck, useValue: new CertificateLogCheck(eventStore, transparencyLog) },
    ];
    return { module: LogModule, controllers: [LogController], providers, exports: providers.map(({ provide }) => provide) };
  }
}
