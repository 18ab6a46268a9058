import { describe, expect, it } from 'vitest';
import { PrometheusMetrics } from './prometheus-metrics.ts';

describe('PrometheusMetrics', () => {
  it('keeps each server in a registry of its own, with process metrics only when asked', async () => {
    const a = new PrometheusMetrics({ processMetrics: true });
    const b = new PrometheusMetrics();
    a.eventsIngested(5);
    a.rateLimited('flags', 'ip');
    const textA = (await a.scrape()).body;
    const textB = (await b.scrape()).body;
    expect(textA).toContain('signpost_events_ingested_total 5');
    expect(textA).toContain('signpost_rate_limited_requests_total{route="flags",by="ip"} 1');
    expect(textA).toContain('signpost_process_cpu_user_seconds_total');
    expect(textB).toContain('signpost_events_ingested_total 0');
    expect(textB).not.toContain('signpost_process_cpu_user_seconds_total');
  });

  it('reports capture requests in flight as the queue depth', async () => {
    const metrics = new PrometheusMetrics();
    metrics.captureInFlight(1);
    metrics.captureInFlight(1);
    metrics.captureInFlight(-1);
    expect((await metrics.scrape()).body).toContain('signpost_ingestion_queue_depth 1');
  });
});
