import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { CertificatePdfHandler } from '../../apps/api/src/certificates/certificate-pdf-query.js';
import { pdfText, popplerMissing } from '../../libs/certificates/test/pdf-tools.js';
import { startApi, type ApiHarness } from './support/api-harness.js';
import { lifecycleSteps } from './support/lifecycle-steps.js';
import { collectBytes } from './support/raw-http.js';

const PROBLEM = 'application/problem+json; charset=utf-8';

/**
 * Certificate PDFs render on worker threads (libs/certificates `PdfRenderPool`). The store does
 * not matter here, so one embedded store suffices; the worker loads the compiled module, so this
 * file needs `npm run build` first, as `npm test` does.
 */
describe('certificate PDFs render off the event loop', () => {
  const apis: ApiHarness[] = [];
  afterAll(async () => {
    for (const api of apis) await api.close();
  });

  async function start(env: Record<string, string> = {}): Promise<ApiHarness> {
    const api = await startApi('pglite', env);
    if ('skip' in api) throw new Error(api.skip);
    apis.push(api);
    return api;
  }

  async function certify(api: ApiHarness, count: number): Promise<{ batteryId: string; certificateId: string }[]> {
    const steps = lifecycleSteps(api);
    return Promise.all(
      Array.from({ length: count }, async () => {
        const { id } = await steps.certifiableBattery();
        const issued = await steps.certify(id).expect(201);
        return { batteryId: id, certificateId: issued.body.certificateId as string };
      }),
    );
  }

  const download = (api: ApiHarness, certificateId: string) =>
    api.http.get(`/api/v1/certificates/${certificateId}/pdf`).set(api.bearer('auditor')).buffer(true).parse(collectBytes);

  test('10 renders in flight: the event loop keeps turning and a battery read answers meanwhile; every PDF is its own', async () => {
    const api = await start({ CELLPATH_PDF_RENDER_THREADS: '1' });
    const [warm, timed, ...batch] = await certify(api, 12);
    await download(api, warm!.certificateId).expect(200); // starts the thread
    const began = performance.now();
    await download(api, timed!.certificateId).expect(200);
    const singleRender = performance.now() - began;

    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    let rendering = true;
    const renders = Promise.all(batch.map(({ certificateId }) => download(api, certificateId).expect(200))).finally(() => {
      rendering = false;
    });
    const readsDuringRenders: number[] = [];
    while (rendering) {
      const start = performance.now();
      await api.http.get(`/api/v1/batteries/${batch[0]!.batteryId}`).set(api.bearer('auditor')).expect(200);
      if (rendering) readsDuringRenders.push(performance.now() - start);
    }
    const pdfs = await renders;
    delay.disable();

    // On the event loop, 10 renders would block it for about 10 single renders; one stall of a
    // whole render (the old behaviour) fails both checks.
    const maxDelay = delay.max / 1e6;
    expect(maxDelay).toBeLessThan(singleRender / 2);
    expect(readsDuringRenders.length).toBeGreaterThan(0);
    expect(Math.max(...readsDuringRenders)).toBeLessThan(singleRender / 2);

    const skip = popplerMissing();
    pdfs.forEach((response, i) => {
      const pdf = response.body as Buffer;
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      if (!skip) expect(pdfText(pdf)).toContain(batch[i]!.certificateId);
    });
    if (skip) console.warn(skip);
  }, 180_000);

  test('a full render queue answers 503 with Retry-After and counts it; a repeated download is served without a render', async () => {
    const api = await start({ CELLPATH_PDF_RENDER_THREADS: '1', CELLPATH_PDF_RENDER_QUEUE: '1' });
    const handler = api.app.get(CertificatePdfHandler);
    const certified = await certify(api, 3);

    const responses = await Promise.all(certified.map(({ certificateId }) => download(api, certificateId)));
    expect(responses.map((response) => response.status).sort()).toEqual([200, 200, 503]);
    const refused = responses.find((response) => response.status === 503)!;
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.headers['content-type']).toBe(PROBLEM);
    expect(JSON.parse((refused.body as Buffer).toString('utf8'))).toMatchObject({
      status: 503,
      type: expect.stringMatching(/pdf-render-busy$/),
    });
    expect(handler.stats()).toMatchObject({ threads: 1, queue: 1, refused: 1, completed: 2, inFlight: 0 });

    // The refusal was not cached: the retry renders.
    const retried = certified[responses.indexOf(refused)]!.certificateId;
    const pdf = (await download(api, retried).expect(200)).body as Buffer;
    expect(handler.stats().completed).toBe(3);
    const again = (await download(api, retried).expect(200)).body as Buffer;
    expect(again.equals(pdf)).toBe(true);
    expect(handler.stats().completed).toBe(3);
  }, 120_000);
});
