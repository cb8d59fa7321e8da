import PDFDocument from 'pdfkit';
import type { CertificateDocument } from '../certificate-document.js';
import { signatureFingerprint, type CertificateSignature } from '../certificate-signature.js';
import type { Revocation } from '../certificate-status.js';
import {
  applicationName,
  categoryName,
  FOOTER,
  gradeName,
  LABELS,
  levelName,
  methodName,
  QR_CAPTION,
  REVOKED,
  SECTIONS,
  TITLE,
  verdictName,
} from './bilingual-labels.js';
import { hangulFontFiles } from './hangul-font.js';
import { drawQrCode } from './qr-code.js';

export interface RenderOptions {
  /** Public verify URL; printed and held by the QR code. */
  verifyUrl: string;
  /** Set once the certificate is revoked: the PDF then says so above everything else. */
  revocation?: Revocation | null;
}

const MARGIN = 50;
const QR_SIZE = 110;
const LABEL_WIDTH = 165;
const ROW_GAP = 1;
const BODY_SIZE = 8.5;
const REVOKED_COLOUR = '#c00000';
const BANNER_PADDING = 6;
const REGULAR = 'NotoSansKR';
const BOLD = 'NotoSansKR-Bold';

type Row = readonly [label: string, value: string | undefined];

/** "2026-05-01T09:30:00.000Z" → "2026-05-01 09:30 UTC": the exact instant is in the signed data. */
const printedTime = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
const withUnit = (value: number | undefined, unit: string) => (value === undefined ? undefined : `${value} ${unit}`);

function batteryRows({ batteryId, battery }: CertificateDocument): Row[] {
  return [
    [LABELS.batteryId, batteryId],
    [LABELS.manufacturer, battery.manufacturer],
    [LABELS.model, battery.model],
    [LABELS.serialNumber, battery.serialNumber],
    [LABELS.manufacturingDate, battery.manufacturingDate],
    [LABELS.chemistry, battery.chemistry],
    [LABELS.category, categoryName(battery.category)],
    [LABELS.level, levelName(battery.level)],
    [LABELS.ratedCapacityAh, withUnit(battery.ratedCapacityAh, 'Ah')],
    [LABELS.ratedEnergyKWh, withUnit(battery.ratedEnergyKWh, 'kWh')],
    [LABELS.nominalVoltageV, withUnit(battery.nominalVoltageV, 'V')],
    [LABELS.remainingCapacityAh, withUnit(battery.remainingCapacityAh, 'Ah')],
    [LABELS.remainingEnergyKWh, withUnit(battery.remainingEnergyKWh, 'kWh')],
  ];
}

function evidenceRows({ evidence }: CertificateDocument): Row[] {
  const tests = evidence.tests
    .map((test) => [test.name, verdictName(test.result), withUnit(test.value, test.unit ?? '')?.trim()].filter(Boolean).join(' · '))
    .join('\n');
  return [
    [LABELS.grade, gradeName(evidence.grade)],
    [LABELS.stateOfHealthPct, withUnit(evidence.stateOfHealthPct, '%')],
    [LABELS.evaluationMethod, methodName(evidence.evaluationMethod)],
    [LABELS.evaluatedAt, printedTime(evidence.evaluatedAt)],
    [LABELS.internalResistanceMOhm, withUnit(evidence.internalResistanceMOhm, 'mΩ')],
    [LABELS.diagnosisVerdict, verdictName(evidence.diagnosisVerdict)],
    [LABELS.tests, tests || undefined],
    [LABELS.diagnosedAt, printedTime(evidence.diagnosedAt)],
    [LABELS.standard, evidence.standard],
  ];
}

/** The certifier by name when the key has one ("Kim Min-jun · ORG-1"), then the key and its roles. */
function issuerLine(issuer: CertificateDocument['issuer']): string {
  const key = issuer.roles?.length ? `${issuer.keyId} (${issuer.roles.join(', ')})` : issuer.keyId;
  const person = [issuer.name, issuer.organisationId].filter(Boolean).join(' · ');
  return person ? `${person}\n${key}` : key;
}

function certificationRows(certificate: CertificateDocument): Row[] {
  const { issuer } = certificate;
  return [
    [LABELS.applications, certificate.applications.map(applicationName).join('\n')],
    [LABELS.issuedAt, printedTime(certificate.issuedAt)],
    [LABELS.validUntil, printedTime(certificate.validUntil)],
    [LABELS.issuer, issuerLine(issuer)],
    [LABELS.batteryRevision, String(certificate.batteryRevision)],
    [LABELS.historyHash, certificate.historyHash],
  ];
}

function signatureRows(signature: CertificateSignature, verifyUrl: string): Row[] {
  return [
    [LABELS.algorithm, `${signature.alg} (Ed25519) · RFC 8785 JCS`],
    [LABELS.keyId, signature.keyId],
    [LABELS.fingerprint, signatureFingerprint(signature)],
    [LABELS.verifyUrl, verifyUrl],
  ];
}

/**
 * A red-framed notice in the header, beside the QR code (where the page has room, so a revoked
 * certificate still fits one page); returns its bottom.
 */
function drawRevocation(doc: PDFKit.PDFDocument, revocation: Revocation, left: number, top: number, width: number): number {
  const x = left + BANNER_PADDING;
  const inner = { width: width - 2 * BANNER_PADDING };
  doc
    .font(BOLD)
    .fontSize(16)
    .fillColor(REVOKED_COLOUR)
    .text(REVOKED, x, top + BANNER_PADDING, inner);
  doc
    .font(REGULAR)
    .fontSize(BODY_SIZE)
    .fillColor('black')
    .text(`${LABELS.revokedAt}: ${printedTime(revocation.revokedAt)}`, x, doc.y + 1, inner);
  doc.text(`${LABELS.revocationReason}: ${revocation.reason}`, x, doc.y, inner);
  const bottom = doc.y + BANNER_PADDING;
  doc
    .rect(left, top, width, bottom - top)
    .lineWidth(2)
    .strokeColor(REVOKED_COLOUR)
    .stroke();
  return bottom;
}

/**
 * A4 certificate: bilingual labels, the certificate's fields, the signing key id, a short
 * signature fingerprint and a QR code of the verify URL. Output is byte-for-byte repeatable for
 * the same input (creation date taken from `issuedAt`, modification date from `revokedAt`), so
 * a re-download is the same file. A revoked certificate carries the revocation at the top.
 */
export function renderCertificatePdf(
  certificate: CertificateDocument,
  signature: CertificateSignature,
  { verifyUrl, revocation }: RenderOptions,
): Promise<Buffer> {
  const fonts = hangulFontFiles();
  const issuedAt = new Date(certificate.issuedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    font: fonts.regular,
    lang: 'ko',
    info: {
      Title: `${TITLE} ${certificate.certificateId}${revocation ? ` (${REVOKED})` : ''}`,
      Subject: certificate.batteryId,
      CreationDate: issuedAt,
      ModDate: revocation ? new Date(revocation.revokedAt) : issuedAt,
    },
  });
  doc.registerFont(REGULAR, fonts.regular);
  doc.registerFont(BOLD, fonts.bold);

  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = MARGIN;
  const width = doc.page.width - 2 * MARGIN;
  const bottom = doc.page.height - MARGIN;
  const qrX = left + width - QR_SIZE;

  drawQrCode(doc, verifyUrl, qrX, MARGIN, QR_SIZE);
  doc
    .font(REGULAR)
    .fontSize(7)
    .fillColor('#444')
    .text(QR_CAPTION, qrX, MARGIN + QR_SIZE + 4, { width: QR_SIZE, align: 'center' });

  const headerWidth = width - QR_SIZE - 20;
  doc.font(BOLD).fontSize(20).fillColor('black').text(TITLE, left, MARGIN, { width: headerWidth });
  doc
    .font(REGULAR)
    .fontSize(9)
    .fillColor('#444')
    .text(LABELS.certificateId, left, doc.y + 6, { width: headerWidth });
  doc
    .font(BOLD)
    .fontSize(11)
    .fillColor('black')
    .text(certificate.certificateId, left, doc.y + 1, { width: headerWidth });

  const headerBottom = revocation ? drawRevocation(doc, revocation, left, doc.y + 8, headerWidth) : doc.y;
  let y = Math.max(headerBottom, MARGIN + QR_SIZE + 14) + 6;
  const ensureRoom = (height: number) => {
    if (y + height <= bottom) return;
    doc.addPage();
    y = MARGIN;
  };

  const section = (title: string, rows: Row[]) => {
    ensureRoom(40);
    doc.font(BOLD).fontSize(10.5).fillColor('black').text(title, left, y, { width });
    y = doc.y + 2;
    doc
      .moveTo(left, y)
      .lineTo(left + width, y)
      .lineWidth(0.5)
      .strokeColor('#999')
      .stroke();
    y += 5;
    for (const [label, value] of rows) {
      if (value === undefined) continue;
      doc.font(REGULAR).fontSize(BODY_SIZE);
      const valueWidth = width - LABEL_WIDTH;
      const height = Math.max(doc.heightOfString(label, { width: LABEL_WIDTH }), doc.heightOfString(value, { width: valueWidth }));
      ensureRoom(height);
      doc.fillColor('#555').text(label, left, y, { width: LABEL_WIDTH });
      doc.fillColor('black').text(value, left + LABEL_WIDTH, y, { width: valueWidth });
      y += height + ROW_GAP;
    }
    y += 6;
  };

  section(SECTIONS.battery, batteryRows(certificate));
  section(SECTIONS.evidence, evidenceRows(certificate));
  section(SECTIONS.certification, certificationRows(certificate));
  section(SECTIONS.signature, signatureRows(signature, verifyUrl));

  doc.font(REGULAR).fontSize(7.5);
  ensureRoom(doc.heightOfString(FOOTER, { width }));
  doc.fillColor('#444').text(FOOTER, left, y, { width });

  doc.end();
  return done;
}
