import { applicationName, CERTIFICATE_LABELS as LABELS, CERTIFICATE_TITLE, gradeName } from '#libs/certificates';
import type { CertificateVerification } from '../../certificates/verify-certificate-query.js';
import { both, html, page, rows } from './html.js';

const STATUS: Record<CertificateVerification['status'], [string, string]> = {
  active: ['유효', 'active'],
  revoked: ['폐지됨', 'revoked'],
  expired: ['만료됨', 'expired'],
};

/** Why a certificate is not valid, in the words a buyer on a phone needs. */
function verdict({ valid, status }: CertificateVerification) {
  if (valid) return html`<p class="verdict ok" id="verdict">${both('유효한 인증서입니다', 'Valid certificate')}</p>`;
  const reason =
    status === 'revoked'
      ? both('발급자가 인증서를 폐지했습니다', 'the issuer revoked it')
      : status === 'expired'
        ? both('유효 기한이 지났습니다', 'its validity has ended')
        : both('서명이 공개 키와 일치하지 않습니다', 'its signature does not match the published keys');
  return html`<p class="verdict bad" id="verdict">${both('유효하지 않은 인증서입니다', 'Not a valid certificate')}: ${reason}</p>`;
}

/** `GET /api/v1/certificates/{id}/verify` with `Accept: text/html`: the same verdict as the JSON, for the phone that scanned the QR code. */
export function certificateVerdictPage(verification: CertificateVerification): string {
  const { certificate, signature, revocation, battery } = verification;
  const status = STATUS[verification.status];
  const body = html` <h1>${CERTIFICATE_TITLE}</h1>
    ${verdict(verification)}
    ${rows([
      [both('상태', 'Status'), html`${status[0]} / ${status[1]}`],
      [html`${LABELS.certificateId}`, certificate.certificateId],
      [html`${LABELS.batteryId}`, certificate.batteryId],
      [both('현재 배터리 상태', 'Battery status now'), battery.status],
      [html`${LABELS.model}`, `${certificate.battery.manufacturer} ${certificate.battery.model}`],
      [html`${LABELS.grade}`, gradeName(certificate.evidence.grade)],
      [html`${LABELS.stateOfHealthPct}`, `${certificate.evidence.stateOfHealthPct} %`],
      [html`${LABELS.applications}`, certificate.applications.map((application) => html`${applicationName(application)}<br />`)],
      [html`${LABELS.issuedAt}`, certificate.issuedAt],
      [html`${LABELS.validUntil}`, certificate.validUntil],
      [html`${LABELS.revokedAt}`, revocation?.revokedAt],
      [html`${LABELS.revocationReason}`, revocation?.reason],
      [html`${LABELS.keyId}`, signature.keyId],
    ])}
    <footer>
      ${both(
        '서명은 공개 키(JWKS)로 오프라인에서도 확인할 수 있습니다: /api/v1/certificates/keys',
        'The signature can also be checked offline against the published keys (JWKS): /api/v1/certificates/keys',
      )}
    </footer>`;
  return page(`${CERTIFICATE_TITLE} ${certificate.certificateId}`, body);
}

/** A QR code naming a certificate this instance never issued: a forgery, or a copy from elsewhere. */
export function unknownCertificatePage(certificateId: string): string {
  return page(
    CERTIFICATE_TITLE,
    html`<h1>${CERTIFICATE_TITLE}</h1>
      <p class="verdict bad" id="verdict">${both('등록되지 않은 인증서입니다', 'No such certificate was issued here')}</p>
      ${rows([[html`${LABELS.certificateId}`, certificateId]])}`,
  );
}
