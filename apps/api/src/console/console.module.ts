import { Module } from '@nestjs/common';
import { loadConsoleFiles } from './console-files.js';
import { ConsoleController } from './console.controller.js';
import { CONSOLE_FILES } from './console.tokens.js';
import { MeController } from './me.controller.js';

/** The staff console (apps/console) served at /console/, and the one endpoint it adds: GET /api/v1/me. */
@Module({
  controllers: [ConsoleController, MeController],
  providers: [{ provide: CONSOLE_FILES, useFactory: () => loadConsoleFiles() }],
})
export class ConsoleModule {}
