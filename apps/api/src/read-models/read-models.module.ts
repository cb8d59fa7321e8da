import { Module } from '@nestjs/common';
import { InlineReadModels } from './inline-read-models.js';
import { READ_MODELS } from './read-model-registry.js';

const KEPT_BY_THE_API = [...new Set([...READ_MODELS.inline, ...READ_MODELS.onRead])];

/** The read models the API keeps itself (see READ_MODELS); the `async` ones run in the ProjectionRunner. */
@Module({ providers: [...KEPT_BY_THE_API, InlineReadModels], exports: [...KEPT_BY_THE_API, InlineReadModels] })
export class ReadModelsModule {}
