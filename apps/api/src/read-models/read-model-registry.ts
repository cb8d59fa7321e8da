import type { Type } from '@nestjs/common';
import { PROJECTIONS, type Projection } from '#libs/projections';
import { LineageIndex } from '../audit/lineage-index.js';
import { CertificateDirectory } from '../certificates/certificate-directory.js';
import type { PendingEvents } from './pending-events.js';

/** A read model written before a command's events are appended, outside the append's transaction. */
export interface InlineReadModel {
  /** Must be harmless when the append then fails (the events stay the authority). */
  beforeAppend(pending: readonly PendingEvents[]): Promise<void>;
}

/** A read model brought up to date from the event log by whoever reads it, just before reading. */
export interface OnReadReadModel {
  catchUp(): Promise<void>;
}

/**
 * Every read model of the system and when it is kept up to date: the one answer to "where is X
 * kept up to date?".
 * - `inline`: by CommandExecutor, before the append, so a lookup right after the 201 finds it
 *   whatever the store's visibility lag (KurrentDB included).
 * - `on-read`: caught up from the global log when read; exact without a background process.
 * - `async`: by the ProjectionRunner (in the API, or `npm run projector` when
 *   CELLPATH_RUN_PROJECTIONS=false); eventually consistent, rebuildable, `minPosition` waits for it.
 */
export const READ_MODELS = {
  inline: [CertificateDirectory, LineageIndex] as Type<InlineReadModel>[],
  onRead: [LineageIndex] as Type<OnReadReadModel>[],
  async: PROJECTIONS as readonly Projection[],
} as const;
