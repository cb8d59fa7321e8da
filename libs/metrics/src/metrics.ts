import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AppendObserver } from '#libs/event-store';

/** How far behind the store something is, measured when Prometheus scrapes (not on every event). */
export interface LagSources {
  /** Events stored but not yet leaves of the transparency log. */
  logLag(): Promise<number>;
  /** Events each projection has not applied yet, by projection name. */
  projectionLag(): Promise<readonly { name: string; lagEvents: number }[]>;
}

/** Latency buckets (seconds): a cached read answers in a millisecond, a PDF render takes one or two. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Events per append or INSERT; an append holds at most MAX_EVENTS_PER_APPEND. */
const SIZE_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 1000];
const APPENDS_PER_COMMIT_BUCKETS = [1, 2, 3, 4, 6, 8, 12, 16, 32, 64];

/**
 * Every Cellpath metric, in one registry per process (per app in tests, so two apps in one Jest
 * worker never share figures). Names follow Prometheus conventions: `_seconds`, `_total`, base units.
 */
export class CellpathMetrics {
  readonly registry = new Registry();
  private readonly requestDuration: Histogram<'method' | 'route' | 'status_class'>;
  private readonly unavailable: Counter<'cause'>;
  private readonly appendEvents: Histogram;
  private readonly commitAppends: Histogram;
  private readonly commitEvents: Histogram;
  private readonly replays: Counter;
  private readonly pdfRenders: Histogram<'outcome'>;
  private lagSources: LagSources | undefined;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requestDuration = new Histogram({
      name: 'cellpath_http_request_duration_seconds',
      help: 'HTTP request latency by route template (not the raw URL) and status class (2xx, 4xx, 5xx)',
      labelNames: ['method', 'route', 'status_class'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.unavailable = new Counter({
      name: 'cellpath_http_unavailable_total',
      help: '503 answers by cause: a store outage (unreachable, timeout, out-of-resources, contention), view-behind, not-ready, unhealthy',
      labelNames: ['cause'],
      registers,
    });
    this.appendEvents = new Histogram({
      name: 'cellpath_event_store_append_events',
      help: 'Events per stored append (all streams of an appendMany together)',
      buckets: SIZE_BUCKETS,
      registers,
    });
    this.commitAppends = new Histogram({
      name: 'cellpath_event_store_group_commit_appends',
      help: 'Appends merged into one INSERT by the SQL store (1: nothing to merge)',
      buckets: APPENDS_PER_COMMIT_BUCKETS,
      registers,
    });
    this.commitEvents = new Histogram({
      name: 'cellpath_event_store_group_commit_events',
      help: 'Events per INSERT written by the SQL store group commit',
      buckets: SIZE_BUCKETS,
      registers,
    });
    this.replays = new Counter({
      name: 'cellpath_idempotency_replays_total',
      help: 'Commands answered from a stored response (same Idempotency-Key and body), writing nothing',
      registers,
    });
    this.pdfRenders = new Histogram({
      name: 'cellpath_pdf_render_duration_seconds',
      help: 'Certificate PDF renders (cache misses) by outcome; _count is the number of renders',
      labelNames: ['outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    const lag = () => this.lagSources;
    new Gauge({
      name: 'cellpath_transparency_log_lag_events',
      help: 'Events stored but not yet leaves of the transparency log (counted up to 1000)',
      registers,
      // A store that does not answer must not fail the scrape (the outage is what operators need to see).
      async collect() {
        const sources = lag();
        if (sources) this.set(await sources.logLag().catch(() => NaN));
      },
    });
    new Gauge({
      name: 'cellpath_projection_lag_events',
      help: 'Events a projection has not applied yet (counted up to 1000)',
      labelNames: ['projection'],
      registers,
      async collect() {
        const sources = lag();
        if (!sources) return;
        this.reset();
        const lags = await sources.projectionLag().catch(() => []);
        for (const { name, lagEvents } of lags) this.set({ projection: name }, lagEvents);
      },
    });
  }

  /** What the event store reports through its observer hook. */
  readonly appendObserver: AppendObserver = {
    appended: (events) => this.appendEvents.observe(events),
    committed: (appends, events) => {
      this.commitAppends.observe(appends);
      this.commitEvents.observe(events);
    },
  };

  /** The log and projections exist after the event store (which needs the observer first). */
  measureLag(sources: LagSources): void {
    this.lagSources = sources;
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requestDuration.observe({ method, route, status_class: `${Math.floor(status / 100)}xx` }, seconds);
  }

  countUnavailable(cause: string): void {
    this.unavailable.inc({ cause });
  }

  countReplay(): void {
    this.replays.inc();
  }

  /** Times a render; a failed one is counted as such and its error passes through. */
  async timePdfRender<T>(render: () => Promise<T>): Promise<T> {
    const stop = this.pdfRenders.startTimer();
    try {
      const result = await render();
      stop({ outcome: 'ok' });
      return result;
    } catch (error) {
      stop({ outcome: 'failed' });
      throw error;
    }
  }

  /** The exposition text and its content type, for GET /metrics. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
