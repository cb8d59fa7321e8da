import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { PendingEvents } from './pending-events.js';
import { READ_MODELS } from './read-model-registry.js';

/** The registry's inline read models, told of a command's events before they are appended. */
@Injectable()
export class InlineReadModels {
  constructor(private readonly modules: ModuleRef) {}

  async beforeAppend(pending: readonly PendingEvents[]): Promise<void> {
    for (const model of READ_MODELS.inline) await this.modules.get(model, { strict: false }).beforeAppend(pending);
  }
}
