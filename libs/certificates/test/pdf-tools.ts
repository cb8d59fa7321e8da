import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

const POPPLER = ['/usr/bin/pdftoppm', '/usr/bin/pdftotext'];

/** Reason to skip when poppler-utils is not installed, else undefined. */
export function popplerMissing(): string | undefined {
  const missing = POPPLER.filter((tool) => !existsSync(tool));
  return missing.length ? `skipped: ${missing.join(', ')} not installed (apt-get install poppler-utils)` : undefined;
}

/** Rasterises the first page; returns the PNG's path. */
export function renderFirstPage(pdf: Buffer, dpi: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'cellpath-pdf-'));
  writeFileSync(join(dir, 'certificate.pdf'), pdf);
  execFileSync(POPPLER[0], ['-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', '-png', 'certificate.pdf', 'page'], { cwd: dir });
  return join(dir, 'page.png');
}

/** Decodes a QR code from the top-right quarter of the page, where the certificate prints it. */
export function decodeQr(pngPath: string): string | undefined {
  const page = PNG.sync.read(readFileSync(pngPath));
  const corner = new PNG({ width: Math.floor(page.width / 2), height: Math.floor(page.height / 4) });
  PNG.bitblt(page, corner, page.width - corner.width, 0, corner.width, corner.height, 0, 0);
  const pixels = new Uint8ClampedArray(corner.data.buffer, corner.data.byteOffset, corner.data.length);
  // jsqr is CommonJS: under Node's ESM interop its function sits on `default` of the default import.
  return jsQR.default(pixels, corner.width, corner.height)?.data;
}

export function pdfText(pdf: Buffer): string {
  return execFileSync(POPPLER[1], ['-layout', '-', '-'], { input: pdf }).toString('utf8');
}

export function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
}
