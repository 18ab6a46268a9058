import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Metrics, Outcome, RateLimitedBy, RateLimitedRoute, SignInOutcome } from './metrics.ts';

const PREFIX = 'signpost_';

// Buckets follow what each path is expected to cost: /flags answers in well under a millisecond from memory,
// a group commit in milliseconds (fsync), an insight query in tens of milliseconds to the 30 s timeout.
const FLAGS_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];
const COMMIT_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const QUERY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface PrometheusMetricsOptions {
  /** Node's process metrics (CPU, memory, event-loop lag, GC); off in tests that build many servers. */
  processMetrics?: boolean;
}

/** The Metrics interface on prom-client, in a registry of its own (no global state shared between servers). */
export class PrometheusMetrics implements Metrics {
  readonly registry = new Registry();
  private inFlight = 0;
  private readonly events = new Counter({
    name: `${PREFIX}events_ingested_total`,
    help: 'Events durably stored.',
    registers: [this.registry],
  });
  private readonly commits = new Histogram({
    name: `${PREFIX}ingestion_commit_duration_seconds`,
    help: 'Time to write and sync one group commit of events, persons and groups.',
    labelNames: ['outcome'] as const,
    buckets: COMMIT_BUCKETS,
    registers: [this.registry],
  });
  private readonly flags = new Histogram({
    name: `${PREFIX}flags_request_duration_seconds`,
    help: 'Time to answer /flags and /decide, body reading included.',
    buckets: FLAGS_BUCKETS,
    registers: [this.registry],
  });
  private readonly queries = new Histogram({
    name: `${PREFIX}query_duration_seconds`,
    help: 'Time of each analytics SQL statement run for insights, experiments and the query API.',
    labelNames: ['outcome'] as const,
    buckets: QUERY_BUCKETS,
    registers: [this.registry],
  });
  private readonly limited = new Counter({
    name: `${PREFIX}rate_limited_requests_total`,
    help: 'Requests refused by a rate limit.',
    labelNames: ['route', 'by'] as const,
    registers: [this.registry],
  });
  private readonly signIns = new Counter({
    name: `${PREFIX}sign_ins_total`,
    help: 'Web app sign-in attempts by outcome.',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor(options: PrometheusMetricsOptions = {}) {
    const inFlight = () => this.inFlight;
    new Gauge({
      name: `${PREFIX}ingestion_queue_depth`,
      help: 'Capture requests waiting for their events to be committed.',
      registers: [this.registry],
      collect() {
        this.set(inFlight());
      },
    });
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: PREFIX });
  }

  eventsIngested(count: number): void {
    this.events.inc(count);
  }

  observeCommit(seconds: number, outcome: Outcome): void {
    this.commits.observe({ outcome }, seconds);
  }

  captureInFlight(delta: 1 | -1): void {
    this.inFlight += delta;
  }

  observeFlagsRequest(seconds: number): void {
    this.flags.observe(seconds);
  }

  observeQuery(seconds: number, outcome: Outcome): void {
    this.queries.observe({ outcome }, seconds);
  }

  rateLimited(route: RateLimitedRoute, by: RateLimitedBy): void {
    this.limited.inc({ route, by });
  }

  signIn(outcome: SignInOutcome): void {
    this.signIns.inc({ outcome });
  }

  /** The text exposition format, and its content type. */
  async scrape(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}
