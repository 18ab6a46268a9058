/**
 * The one-line JSON summaries that `bench/ingest/run.ts --json` and `bench/flags-http/run.ts --json` print, so
 * bench/regression can read a run's figures without scraping its Markdown. Each is a single stdout line
 * starting with `{"bench":`.
 */

export interface IngestSummary {
  bench: 'ingest';
  /** Events in the server's table after shutdown (warm-up included, as the CPU window includes it). */
  eventsStored: number;
  eventsAcknowledged: number;
  /** Server CPU (all threads) from the start of the warm-up to the end of the measured window. */
  serverCpuSeconds: number;
  usCpuPerEvent: number;
  /** Acknowledged events per wall second over the measured window. */
  eventsPerSecond: number;
  p99Ms: number;
  errors: number;
}

export interface FlagsHttpSummary {
  bench: 'flags-http';
  /** The steady-state run (identities in memory) only. */
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  serverCpuSeconds: number;
  usCpuPerRequest: number;
  p99Ms: number;
  /** Connection errors + non-200 + bad bodies + timeouts. */
  errors: number;
}

export type BenchSummary = IngestSummary | FlagsHttpSummary;

export const SUMMARY_PREFIX = '{"bench":';

const NUMBERS: Record<BenchSummary['bench'], string[]> = {
  ingest: [
    'eventsStored',
    'eventsAcknowledged',
    'serverCpuSeconds',
    'usCpuPerEvent',
    'eventsPerSecond',
    'p99Ms',
    'errors',
  ],
  'flags-http': [
    'requests',
    'seconds',
    'requestsPerSecond',
    'serverCpuSeconds',
    'usCpuPerRequest',
    'p99Ms',
    'errors',
  ],
};

/** The last summary line in a run's stdout, checked field by field (a child of another revision may differ). */
export function findSummary(stdout: string, bench: BenchSummary['bench']): BenchSummary {
  const line = stdout
    .split('\n')
    .filter((l) => l.startsWith(SUMMARY_PREFIX))
    .at(-1);
  if (!line) throw new Error(`bench/${bench} printed no JSON summary line`);
  const parsed: unknown = JSON.parse(line);
  if (typeof parsed !== 'object' || parsed === null || !('bench' in parsed) || parsed.bench !== bench)
    throw new Error(`not a bench/${bench} summary: ${line}`);
  const record = parsed as Record<string, unknown>;
  for (const key of NUMBERS[bench]) {
    const value = record[key];
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new Error(`bench/${bench} summary has no finite ${key}: ${line}`);
  }
  return parsed as BenchSummary;
}
