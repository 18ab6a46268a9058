import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { ERROR_CODES } from '../errors/error-codes.ts';
import { type Logger, silentLogger } from '../util/logger.ts';
import { type InProcess, inProcess } from './in-process.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY } from './test-server.ts';

// Test support for the fuzz suite (src/fuzz/): a real app on DuckDB, the one assertion every answer must pass
// (a 2xx, or a 4xx that names a declared error code; never a 5xx), and the health check run after each property.

export const CANARY_FLAG = 'fuzz-canary';
export const AUTH = { authorization: `Bearer ${TEST_PERSONAL_KEY}` };
export const JSON_TYPE = { 'content-type': 'application/json' };

export interface FuzzSettings {
  seed: number;
  /** Runs per property when set; each property's own default otherwise. */
  runs: number | undefined;
  /** Keep going after a failure and report each distinct one once, for triage rather than CI. */
  collect: boolean;
  /** Per test, for vitest: long local runs need more than the default 30 s. */
  timeoutMs: number;
}

/**
 * CI runs a fixed seed so a failure is reproducible; `SIGNPOST_FUZZ_RUNS=5000` (and optionally a new
 * `SIGNPOST_FUZZ_SEED`) explores further locally; `SIGNPOST_FUZZ_COLLECT=1` lists every distinct failure
 * instead of stopping at the first. The test file passes in its environment, since only tests may read it.
 */
export function fuzzSettings(env: Record<string, string | undefined>): FuzzSettings {
  const runs = env.SIGNPOST_FUZZ_RUNS ? Number(env.SIGNPOST_FUZZ_RUNS) : undefined;
  const seed = env.SIGNPOST_FUZZ_SEED ? Number(env.SIGNPOST_FUZZ_SEED) : 20_260_10;
  if (runs !== undefined && !(Number.isInteger(runs) && runs > 0))
    throw new Error(`SIGNPOST_FUZZ_RUNS must be a positive integer, not "${env.SIGNPOST_FUZZ_RUNS}"`);
  if (!Number.isInteger(seed)) throw new Error(`SIGNPOST_FUZZ_SEED must be an integer`);
  const timeoutMs = Math.max(60_000, (runs ?? 0) * 200);
  return { seed, runs, collect: env.SIGNPOST_FUZZ_COLLECT === '1', timeoutMs };
}

/** Asserts a property with the suite's seed and budget; the error names the seed to reproduce it. */
export async function checkProperty<T>(
  settings: FuzzSettings,
  defaultRuns: number,
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
): Promise<void> {
  const numRuns = settings.runs ?? defaultRuns;
  const reproduce = `SIGNPOST_FUZZ_SEED=${settings.seed} SIGNPOST_FUZZ_RUNS=${numRuns}`;
  if (settings.collect) return collectFailures(settings.seed, numRuns, arbitrary, predicate, reproduce);
  try {
    // A run that takes longer than this is itself a finding (a bomb, a pathological query).
    await fc.assert(fc.asyncProperty(arbitrary, predicate), {
      seed: settings.seed,
      numRuns,
      timeout: 10_000,
    });
  } catch (error) {
    const cause = (error as Error).cause;
    const why = cause instanceof Error ? `\nFirst failure: ${cause.message}` : '';
    throw new Error(`Fuzz property failed; reproduce with ${reproduce}${why}\n${(error as Error).message}`);
  }
}

/** Failures alike up to numbers are one failure; the shortest input of each is kept. */
async function collectFailures<T>(
  seed: number,
  numRuns: number,
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
  reproduce: string,
): Promise<void> {
  const found = new Map<string, { message: string; input: string; count: number }>();
  const record = async (value: T) => {
    try {
      await predicate(value);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const key = (error instanceof FuzzFailure ? error.signature : message)
        .replace(/\d+/g, 'N')
        .slice(0, 300);
      const input = fc.stringify(value);
      const seen = found.get(key);
      if (!seen || input.length < seen.input.length)
        found.set(key, { message, input, count: (seen?.count ?? 0) + 1 });
      else seen.count += 1;
    }
  };
  await fc.check(fc.asyncProperty(arbitrary, record), { seed, numRuns });
  if (found.size === 0) return;
  const report = [...found.values()].map(
    (f, i) => `#${i + 1} (${f.count}×) ${f.message.slice(0, 600)}\n   input: ${f.input.slice(0, 1_500)}`,
  );
  throw new Error(`${found.size} distinct failure(s) with ${reproduce}:\n${report.join('\n')}`);
}

const parseOrText = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** A broken answer; `signature` leaves out the route and body so one bug met on many routes counts once. */
export class FuzzFailure extends Error {
  constructor(
    message: string,
    readonly signature: string,
  ) {
    super(message);
  }
}

/** Every answer: below 500; a 4xx is JSON naming a declared code whose status it carries. */
export async function expectAnswer(
  response: Response,
  what: string,
  logged: string[] = [],
): Promise<unknown> {
  const text = await response.text();
  const log = logged.length > 0 ? ` [logged: ${logged.join(' | ').slice(0, 500)}]` : '';
  const fail = (why: string) =>
    new FuzzFailure(
      `${what} → ${response.status} ${why}: ${text.slice(0, 300)}${log}`,
      `${response.status} ${why}${log}`,
    );
  if (response.status >= 500) throw fail('server error');
  if (response.status < 400) return parseOrText(text);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw fail('4xx without a JSON body');
  }
  const code = (body as { code?: unknown }).code;
  if (typeof code !== 'string' || !(code in ERROR_CODES)) throw fail('4xx without a declared code');
  if (ERROR_CODES[code as keyof typeof ERROR_CODES].status !== response.status)
    throw fail(`status does not match code ${code}`);
}

export interface FuzzServer {
  server: InProcess;
  request(path: string, init?: RequestInit): Promise<Response>;
  /** Sends a request and asserts its answer, quoting any error the server logged; a 2xx body comes back. */
  check(path: string, init: RequestInit, what?: string): Promise<unknown>;
  /** The app still serves /_health, stores an ordinary event and evaluates the canary flag. */
  expectHealthy(): Promise<void>;
  stop(): Promise<void>;
}

/** A DuckDB-backed app with a 100 % canary flag, the state every property must leave intact. */
export async function startFuzzServer(env: Record<string, string> = {}): Promise<FuzzServer> {
  const logged: string[] = [];
  const logger: Logger = {
    ...silentLogger,
    error: (message, fields) => logged.push(`${message} ${JSON.stringify(fields ?? {})}`),
  };
  const server = await inProcess('duckdb', env, logger);
  const request = async (path: string, init: RequestInit = {}) => server.signpost.app.request(path, init);
  const check = async (path: string, init: RequestInit, what = `${init.method ?? 'GET'} ${path}`) => {
    logged.length = 0;
    return expectAnswer(await request(path, init), what, logged);
  };
  const created = await request('/api/projects/@current/feature_flags/', {
    method: 'POST',
    headers: { ...AUTH, ...JSON_TYPE },
    body: JSON.stringify({ key: CANARY_FLAG, filters: { groups: [{ rollout_percentage: 100 }] } }),
  });
  if (created.status !== 201) throw new Error(`canary flag → ${created.status} ${await created.text()}`);

  const expectHealthy = async () => {
    const health = await request('/_health');
    if (health.status !== 200) throw new Error(`/_health → ${health.status}`);
    const distinctId = `canary-${randomUUID()}`;
    const capture = await server.capture({
      api_key: TEST_PROJECT_KEY,
      event: 'fuzz.canary',
      distinct_id: distinctId,
    });
    if (capture.status !== 200) throw new Error(`canary capture → ${capture.status} ${await capture.text()}`);
    const stored = await server.api<{ results: unknown[] }>(
      `/api/projects/@current/events/?distinct_id=${distinctId}`,
    );
    if (stored.results.length !== 1) throw new Error(`canary event stored ${stored.results.length} times`);
    const flags = await request('/flags?v=2', {
      method: 'POST',
      headers: JSON_TYPE,
      body: JSON.stringify({ token: TEST_PROJECT_KEY, distinct_id: distinctId }),
    });
    const body = (await flags.json()) as { flags?: Record<string, { enabled?: boolean }> };
    if (flags.status !== 200 || body.flags?.[CANARY_FLAG]?.enabled !== true)
      throw new Error(`canary /flags → ${flags.status} ${JSON.stringify(body).slice(0, 500)}`);
  };
  return { server, request, check, expectHealthy, stop: () => server.stop() };
}
