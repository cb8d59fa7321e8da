import { generateKeyPairSync } from 'node:crypto';
import { signatureFingerprint, signCertificate } from '../certificate-signature.js';
import { publicJwkOf } from '../jwk.js';
import { certificateVerifyUrl } from '../verify-url.js';
import { renderCertificatePdf } from './render-certificate-pdf.js';
import { certificateInput, sampleCertificate } from '../../test/certificate-fixtures.js';
import { decodeQr, pdfPageCount, pdfText, popplerMissing, renderFirstPage } from '../../test/pdf-tools.js';

describe('renderCertificatePdf', () => {
  const { privateKey } = generateKeyPairSync('ed25519');
  const keyId = publicJwkOf(privateKey).kid;
  const certificate = sampleCertificate();
  const signature = signCertificate(certificate, { keyId, privateKey });
  const verifyUrl = certificateVerifyUrl('https://cellpath.example.kr/', certificate.certificateId);
  let pdf: Buffer;

  beforeAll(async () => {
    pdf = await renderCertificatePdf(certificate, signature, { verifyUrl });
  });

  it('is a one-page A4 PDF with the Hangul font embedded', () => {
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    expect(pdfPageCount(pdf)).toBe(1);
    expect(pdf.toString('latin1')).toMatch(/\/FontFile2/);
    expect(pdf.toString('latin1')).toMatch(/NotoSansKR-Regular/);
  });

  it('renders the same bytes for the same certificate', async () => {
    expect((await renderCertificatePdf(certificate, signature, { verifyUrl })).equals(pdf)).toBe(true);
  });

  it('prints Korean and English labels, the fields, the key id and the signature fingerprint', () => {
    const skip = popplerMissing();
    if (skip) return console.log(skip);
    const text = pdfText(pdf);
    for (const expected of [
      '재사용 인증서 / Reuse Certificate',
      '배터리 식별자 / Battery ID',
      '서명 키 식별자 / Signing key ID',
      '진단 판정 / Diagnosis verdict',
      certificate.certificateId,
      certificate.batteryId,
      certificate.historyHash,
      keyId,
      signatureFingerprint(signature),
      'key-certifier-01 (certifier)',
      '2027-03-05 09:30 UTC',
      '에너지 저장 장치 / ess',
      'KC 10031',
      verifyUrl,
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('names the certifier of a named key (API_KEYS_FILE), in Korean too, above the key', async () => {
    const skip = popplerMissing();
    if (skip) return console.log(skip);
    const named = { ...certificate, issuer: { ...certificate.issuer, name: '박서연', organisationId: 'ORG-POHANG' } };
    const text = pdfText(await renderCertificatePdf(named, signCertificate(named, { keyId, privateKey }), { verifyUrl }));
    expect(text).toContain('박서연 · ORG-POHANG');
    expect(text.indexOf('박서연 · ORG-POHANG')).toBeLessThan(text.indexOf('key-certifier-01 (certifier)'));
  });

  it('says REVOKED, when and why, above everything on a revoked certificate, and nothing of it otherwise', async () => {
    const skip = popplerMissing();
    if (skip) return console.log(skip);
    const revocation = { reason: 'insulation fault found at customer site', revokedAt: '2025-12-01T08:00:00.000Z' };
    const revoked = await renderCertificatePdf(certificate, signature, { verifyUrl, revocation });
    expect(pdfPageCount(revoked)).toBe(1);
    const text = pdfText(revoked);
    for (const expected of [
      '폐지됨 / REVOKED',
      '폐지 일시 / Revoked at: 2025-12-01 08:00 UTC',
      `폐지 사유 / Reason: ${revocation.reason}`,
    ]) {
      expect(text).toContain(expected);
    }
    expect(text.indexOf('REVOKED')).toBeLessThan(text.indexOf('배터리 / Battery'));
    expect(decodeQr(renderFirstPage(revoked, 150))).toBe(verifyUrl);
    expect(pdfText(pdf)).not.toMatch(/REVOKED|revoked|폐지/);
  });

  it('holds the verify URL in a QR code that decodes from a 150 dpi rendering', () => {
    const skip = popplerMissing();
    if (skip) return console.log(skip);
    expect(verifyUrl).toBe('https://cellpath.example.kr/api/v1/certificates/CERT-2025-000123/verify');
    expect(decodeQr(renderFirstPage(pdf, 150))).toBe(verifyUrl);
  });

  it('flows onto a second page rather than off the first when the evidence is long', async () => {
    const skip = popplerMissing();
    if (skip) return console.log(skip);
    const names = ['capacity', 'dcir', 'hppc', 'eis', 'insulation', 'thermal-imaging', 'bms-software', 'visual', 'other'] as const;
    const long = sampleCertificate({
      certificateId: `CERT-${'9'.repeat(95)}`,
      diagnosis: {
        verdict: 'pass',
        occurredAt: '2025-03-04T10:00:00.000Z',
        standard: 'KC 10031:2023 / UL 1974 2nd ed.',
        tests: [...names, ...names].map((name) => ({ name, result: 'pass' as const, value: 1.25, unit: 'unit' })),
      },
      applications: ['ess', 'ev', 'lmt', 'ups', 'ev-charger', 'subscription', 'other'],
    });
    const longPdf = await renderCertificatePdf(long, signCertificate(long, { keyId, privateKey }), { verifyUrl });
    expect(pdfPageCount(longPdf)).toBe(2);
    const text = pdfText(longPdf);
    expect(text).toContain('이 인증서는');
    expect(text).toContain(keyId);
  });

  it('prints a manufacturer and model written in Hangul and Hanja with the embedded font, not as empty boxes', async () => {
    const skip = popplerMissing();
    if (skip) return console.log(skip);
    const { battery } = certificateInput();
    const names = sampleCertificate({ battery: { ...battery, manufacturer: '現代自動車 / 寧德時代', model: '배터리 팩 Ω-60' } });
    const text = pdfText(await renderCertificatePdf(names, signCertificate(names, { keyId, privateKey }), { verifyUrl }));
    expect(text).toContain('現代自動車 / 寧德時代');
    expect(text).toContain('배터리 팩 Ω-60');
  });
});
