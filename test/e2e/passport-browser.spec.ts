import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import jsQR from 'jsqr';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { startApi, type ApiHarness } from './support/api-harness.js';
import { seedPassportMix, type PassportMix } from './support/passport-mix.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = new URL('../../docs/', import.meta.url);
const chromiumMissing = existsSync(CHROMIUM) ? undefined : `${CHROMIUM} not installed (apt-get install chromium; .ci/run installs it)`;
if (chromiumMissing) console.warn(`SKIPPED passport pages in a browser: ${chromiumMissing}`);

/** A phone's viewport: the pages are opened from a scanned QR code. */
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true };

(chromiumMissing ? describe.skip : describe)('passport pages in a browser (Debian chromium, playwright-core)', () => {
  let api: ApiHarness;
  let browser: Browser;
  let base: string;
  let mix: PassportMix;

  beforeAll(async () => {
    const started = await startApi('pglite');
    if ('skip' in started) throw new Error(started.skip);
    api = started;
    mix = await seedPassportMix(api);
    await api.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
    });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  /** Opens `path` on a phone-sized page; every Content-Security-Policy refusal is collected. */
  async function open(path: string): Promise<{ page: Page; refusals: string[]; status: number | undefined }> {
    const page = await (await browser.newContext(PHONE)).newPage();
    const refusals: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) refusals.push(message.text());
    });
    const response = await page.goto(`${base}${path}`);
    // Expressions as strings: this program is type-checked without the DOM library.
    await page.evaluate('document.fonts.ready.then(() => undefined)');
    return { page, refusals, status: response?.status() };
  }

  test('the public passport page: bilingual, styled under its policy, no script, no status; screenshot saved', async () => {
    const { page, refusals, status } = await open(`/passport/${mix.reused}`);
    expect(status).toBe(200);
    expect(await page.locator('h1').innerText()).toMatch(/배터리 여권\s+Battery passport/);
    const text = await page.locator('main').innerText();
    expect(text).toContain('GridCell');
    expect(text).not.toMatch(/re-used|86\.4/);
    // The inline style applied (its hash is in the policy) and nothing was refused.
    expect(refusals).toEqual([]);
    expect(await page.evaluate("getComputedStyle(document.querySelector('.verdict')).backgroundColor")).toBe('rgb(255, 248, 197)');
    expect(await page.evaluate("document.querySelectorAll('script').length")).toBe(0);
    // No horizontal scrolling on a phone.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.screenshot({ path: new URL('passport-public-page.png', SCREENSHOTS).pathname, fullPage: true });
  });

  test.each([
    ['valid', () => mix.validCertificate, /^유효한 인증서입니다\s+Valid certificate$/],
    [
      'revoked',
      () => mix.revokedCertificate,
      /^유효하지 않은 인증서입니다\s+Not a valid certificate: 발급자가 인증서를 폐지했습니다\s+the issuer revoked it$/,
    ],
  ] as const)(
    'the %s certificate, opened as its QR code opens it: the verdict a buyer reads; screenshot saved',
    async (name, certificate, verdict) => {
      const { page, refusals, status } = await open(`/api/v1/certificates/${certificate()}/verify`);
      expect(status).toBe(200);
      expect((await page.locator('#verdict').innerText()).trim()).toMatch(verdict);
      expect(refusals).toEqual([]);
      await page.screenshot({ path: new URL(`certificate-verify-${name}.png`, SCREENSHOTS).pathname, fullPage: true });
    },
  );

  test("the label's QR code, drawn by the browser, decodes to the public page's URL", async () => {
    const svg = await api.http
      .get(`/api/v1/batteries/${mix.original}/qr.svg`)
      .set(api.bearer('auditor'))
      .buffer(true)
      .parse((response, done) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => done(null, text));
      });
    const page = await (await browser.newContext({ viewport: { width: 400, height: 400 } })).newPage();
    await page.setContent(`<body style="margin:0">${svg.body as string}</body>`);
    await page.locator('svg').evaluate((element) => element.setAttribute('width', '400'));
    const png = PNG.sync.read(await page.screenshot());
    const pixels = new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length);
    // jsqr is CommonJS: under Node's ESM interop its function sits on `default` of the default import.
    expect(jsQR.default(pixels, png.width, png.height)?.data).toBe(`https://cellpath.example/passport/${mix.original}`);
  });
});
