import { Inject, Injectable } from '@nestjs/common';
import { buildCertificateDocument, type SigningKeyRing } from '#libs/certificates';
import type { BatteryState, DecisionContext } from '#libs/lifecycle';
import type { RequestContext } from '../commands/request-context.js';
import type { FoldedStream } from '../lifecycle/recent-stream-states.js';
import { SIGNING_KEYS } from '../tokens.js';

/**
 * Builds and signs the certificate document for the decider, once its rules allow the issue,
 * anchored to the battery's last event (revision and hash) and naming the key that asked.
 */
@Injectable()
export class CertificateSigner {
  constructor(@Inject(SIGNING_KEYS) private readonly keys: SigningKeyRing) {}

  signerFor(loaded: FoldedStream<BatteryState>, ctx: RequestContext): NonNullable<DecisionContext['signCertificate']> {
    return (battery, issue) => {
      if (loaded.lastHash === null) throw new Error(`battery ${battery.batteryId} has no events to anchor a certificate to`);
      const certificate = buildCertificateDocument({
        certificateId: issue.certificateId,
        battery,
        evaluation: issue.evaluation,
        diagnosis: issue.diagnosis,
        applications: issue.applications,
        issuedAt: issue.issuedAt,
        validUntil: issue.validUntil,
        issuer: { keyId: ctx.actor.keyId, roles: ctx.actor.roles, name: ctx.actor.name, organisationId: ctx.actor.organisationId },
        batteryRevision: battery.revision,
        historyHash: loaded.lastHash,
      });
      return { certificate: { ...certificate }, signature: { ...this.keys.sign(certificate) } };
    };
  }
}
