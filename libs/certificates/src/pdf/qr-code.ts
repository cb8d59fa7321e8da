import QRCode from 'qrcode';

/**
 * Draws the QR code as vector squares (sharp at any print or render resolution). Dark modules are
 * merged into horizontal runs: one rectangle per run leaves no anti-aliasing seams between
 * neighbours that could confuse a reader.
 */
export function drawQrCode(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const module = size / modules.size;
  for (let row = 0; row < modules.size; row++) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.get(row, col)) col++;
      doc.rect(x + start * module, y + row * module, (col - start) * module, module);
    }
  }
  doc.fillColor('black').fill();
}
