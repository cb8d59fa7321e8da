import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { buildCertificateDocument, certificateVerifyUrl, type SigningKeyRing } from '#libs/certificates';
import type { AppConfig } from '#libs/config';
import type { AppendResult } from '#libs/event-store';
import { BatteryNotFound, LifecycleRuleViolation, type IssueReuseCertificate, type IssueReuseCertificateBody } from '#libs/lifecycle';
import { idFromSeed } from '../commands/command-pipeline.js';
import type { RequestContext } from '../commands/request-context.js';
import { CertificateDirectory } from '../certificates/certificate-directory.js';
import { CONFIG, SIGNING_KEYS } from '../tokens.js';
import type { LoadedBattery } from './lifecycle.repository.js';

/** What the HTTP layer sends: the body; the id, document and signature are added here. */
export type IssueReuseCertificateRequest = { type: 'IssueReuseCertificate'; batteryId: string } & IssueReuseCertificateBody;

/**
 * Builds and signs the certificate document from the battery's current state, anchored to the
 * battery's last event (revision and hash), so the decider only has to store it.
 */
@Injectable()
export class CertificateIssuer {
  constructor(
    @Inject(SIGNING_KEYS) private readonly keys: SigningKeyRing,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly directory: CertificateDirectory,
  ) {}

  prepare(
    request: IssueReuseCertificateRequest,
    loaded: LoadedBattery,
    ctx: RequestContext,
    idSeed: string | undefined,
  ): { command: IssueReuseCertificate; response: (results: AppendResult[]) => Record<string, unknown>; beforeAppend: () => Promise<void> } {
    const battery = loaded.state;
    if (!battery.registered) throw new BatteryNotFound(request.batteryId);
    const evaluation = battery.latestEvaluation;
    const diagnosis = battery.latestDiagnosis;
    if (!evaluation || !diagnosis || loaded.lastHash === null) {
      throw new LifecycleRuleViolation('certification-needs-passing-diagnosis', `battery ${battery.batteryId} has no evaluation and diagnosis to certify`);
    }
    const certificateId = `CERT-${idSeed === undefined ? randomUUID() : idFromSeed(idSeed, 'certificate')}`;
    const certificate = buildCertificateDocument({
      certificateId,
      battery,
      evaluation,
      diagnosis,
      applications: request.applications,
      issuedAt: ctx.now,
      validMonths: request.validMonths,
      issuer: { keyId: ctx.actor.keyId, roles: ctx.actor.roles },
      batteryRevision: battery.revision,
      historyHash: loaded.lastHash,
    });
    const signature = this.keys.sign(certificate);
    return {
      command: { ...request, certificateId, certificate: { ...certificate }, signature: { ...signature } },
      // From the stored event: a retry whose first attempt was stored (its answer lost) is decided
      // again later, but answered with the certificate that was stored then.
      response: (results) => {
        const stored = issuedCertificate(results) ?? { certificateId, validUntil: certificate.validUntil };
        return {
          certificateId: stored.certificateId,
          validUntil: stored.validUntil,
          verifyUrl: certificateVerifyUrl(this.config.publicBaseUrl, stored.certificateId),
        };
      },
      // Listed before the event exists, so the certificate can be looked up as soon as the 201 is sent.
      beforeAppend: () => this.directory.record(certificateId, request.batteryId),
    };
  }
}

function issuedCertificate(results: AppendResult[]): { certificateId: string; validUntil: string } | undefined {
  const event = results[0]?.events.find((e) => e.type === 'ReuseCertificateIssued');
  if (!event) return undefined;
  const data = event.data as { certificateId: string; validUntil: string };
  return { certificateId: data.certificateId, validUntil: data.validUntil };
}
