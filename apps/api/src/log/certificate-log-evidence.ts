import type { CertificateDocument } from '#libs/certificates';
import { StreamNotFound, type EventStore, type RecordedEvent } from '#libs/event-store';
import type { InclusionAnswer, LeafEntry, SignedCheckpoint, TransparencyLog } from '#libs/transparency-log';
import { batteryStream } from '../lifecycle/stream-names.js';

export interface CertificateLogEvidence {
  /**
   * The anchor event's proof, or null while it is not yet in a signed tree. `entry` (an extension)
   * is the anchor's leaf, so an offline verifier can rebuild it: the certificate lacks the event type.
   */
  log: { checkpoint: SignedCheckpoint; inclusion: InclusionAnswer; entry: LeafEntry } | null;
  /** Set when the stored history no longer is what the certificate and the log committed to. */
  problem?: 'history-mismatch';
  detail?: string;
}

/**
 * What the transparency log says about a certificate (shared/api.md "Certificate verification"):
 * the anchor event (`batteryRevision`) must still be stored with the signed `historyHash`, and the
 * battery's stream must still match its leaves, so a deleted revocation cannot pass unnoticed.
 */
export class CertificateLogCheck {
  constructor(
    private readonly store: EventStore,
    private readonly log: TransparencyLog,
  ) {}

  async of(certificate: Pick<CertificateDocument, 'batteryId' | 'batteryRevision' | 'historyHash'>): Promise<CertificateLogEvidence> {
    const streamId = batteryStream(certificate.batteryId);
    const events = await this.readAll(streamId);
    const { checkpoint, inclusion } = await this.log.proofsFor(streamId, [certificate.batteryRevision]);
    const anchor = events.find((event) => event.revision === certificate.batteryRevision);
    const proof = inclusion[0];
    const log =
      proof === undefined || anchor === undefined
        ? null
        : {
            checkpoint,
            inclusion: { leafIndex: proof.leafIndex, treeSize: proof.treeSize, auditPath: proof.auditPath },
            entry: { streamId, revision: anchor.revision, type: anchor.type, hash: anchor.hash },
          };
    if (anchor?.hash !== certificate.historyHash) {
      return {
        log,
        problem: 'history-mismatch',
        detail: `the stored event at revision ${certificate.batteryRevision} no longer has the signed historyHash`,
      };
    }
    const mismatch = await this.log.streamMismatch(streamId, events);
    return mismatch === undefined ? { log } : { log, problem: 'history-mismatch', detail: mismatch };
  }

  private async readAll(streamId: string): Promise<RecordedEvent[]> {
    try {
      return await this.store.readStream(streamId);
    } catch (error) {
      if (error instanceof StreamNotFound) return [];
      throw error;
    }
  }
}
