import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { CertificateDocument } from '../certificate-document.js';
import type { CertificateSignature } from '../certificate-signature.js';
import type { RenderOptions } from './render-certificate-pdf.js';
import type { RenderTask } from './render-worker.js';

/** Renders admitted beyond the busy threads, per thread, unless configured: 16 waits of 1-2 s each at most. */
const QUEUE_PER_THREAD = 16;

/** Every thread busy and the queue full: the caller should answer 503 with Retry-After. */
export class PdfRenderQueueFull extends Error {
  override readonly name = 'PdfRenderQueueFull';
}

export interface PdfRenderPoolOptions {
  /** Render threads; default one per available core but one, which the event loop keeps. */
  threads?: number;
  /** Renders that may wait for a thread; one more is refused with `PdfRenderQueueFull`. */
  queue?: number;
}

export interface PdfRenderPoolStats {
  threads: number;
  queue: number;
  /** Renders running or waiting now. */
  inFlight: number;
  completed: number;
  /** Renders refused because the queue was full, since start. */
  refused: number;
}

/**
 * The compiled worker module, through the package's `#certificate-pdf-worker` import: a worker
 * thread runs plain Node, not Jest's TypeScript transform, so tests and production alike load
 * dist/ (built by `npm run build`).
 */
function workerFile(): string {
  return createRequire(import.meta.url).resolve('#certificate-pdf-worker');
}

/**
 * Certificate PDFs rendered on worker threads (piscina), so a render's seconds of CPU never stall
 * the event loop. Admission is bounded here rather than by piscina's queue, so a refusal is a
 * typed error the HTTP layer turns into 503 and a count an operator can read.
 */
export class PdfRenderPool {
  readonly threads: number;
  readonly queue: number;
  private readonly pool: Piscina<RenderTask, Uint8Array>;
  private inFlight = 0;
  private refused = 0;

  constructor({ threads = Math.max(1, availableParallelism() - 1), queue = QUEUE_PER_THREAD * threads }: PdfRenderPoolOptions = {}) {
    this.threads = threads;
    this.queue = queue;
    // Threads start on the first render and leave after a minute idle: most processes never render.
    this.pool = new Piscina({ filename: workerFile(), minThreads: 0, maxThreads: threads, idleTimeout: 60_000 });
  }

  async render(certificate: CertificateDocument, signature: CertificateSignature, options: RenderOptions): Promise<Buffer> {
    if (this.inFlight >= this.threads + this.queue) {
      this.refused++;
      throw new PdfRenderQueueFull(`${this.inFlight} certificate PDFs are being rendered or waiting; retry shortly`);
    }
    this.inFlight++;
    try {
      // Structured clone turns the worker's Buffer into a Uint8Array; view the same bytes as a Buffer.
      const bytes = await this.pool.run({ certificate, signature, options });
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } finally {
      this.inFlight--;
    }
  }

  stats(): PdfRenderPoolStats {
    return { threads: this.threads, queue: this.queue, inFlight: this.inFlight, completed: this.pool.completed, refused: this.refused };
  }

  /** Ends the threads; renders still running are rejected. */
  close(): Promise<void> {
    return this.pool.destroy();
  }
}
