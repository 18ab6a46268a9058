import { gzipSync } from 'node:zlib';
import autocannon, { type AutocannonRequest, type AutocannonResult } from 'autocannon';
import { flagsBody, makeCompanies, makeUsers, ofrepBody, unleashBody } from './population.ts';

/**
 * The load, in its own process so its CPU is not the server's: autocannon keeps `connections` keep-alive
 * connections busy with posthog-js-shaped `/flags/?v=2` bodies (or Unleash frontend-API bodies for the same
 * users), one user after another (each connection owns a slice of the 10k users, so all of them are asked
 * for), and checks that every answer is a 200 whose body parses and carries the flags. A warm-up run comes
 * first and is not reported.
 */

export interface LoadRequest {
  /** What the server speaks: PostHog's `/flags/?v=2`, OFREP bulk evaluation, or Unleash's frontend API. */
  kind: 'posthog' | 'ofrep' | 'unleash';
  url: string;
  /** The project key (PostHog) or frontend token (Unleash). */
  token: string;
  connections: number;
  /** `once`: every user exactly once (the first sight of each distinct id), no warm-up; `timed`: a warm-up
   * then `seconds` of load, round and round the users. */
  mode: 'once' | 'timed';
  warmupSeconds: number;
  seconds: number;
  encoding: 'gzip' | 'json';
  /** Flag keys every PostHog answer must carry; toggles an Unleash answer may carry. */
  flagKeys: string[];
}

export interface LoadResult {
  requests: number;
  seconds: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
  firstMismatch: string | undefined;
  requestBytes: number;
  responseBytes: number;
  cpuSeconds: number;
}

export type LoadMessage = { type: 'measuring' } | { type: 'done'; result: LoadResult };

const HEADERS = {
  origin: 'https://app.example.com',
  'user-agent':
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
};

const PATHS = { posthog: '/flags/?v=2', ofrep: '/ofrep/v1/evaluate/flags', unleash: '/api/frontend' };

function requestsFor(load: LoadRequest): AutocannonRequest[] {
  const companies = new Map(makeCompanies().map((c) => [c.key, c]));
  if (load.kind === 'unleash') {
    const headers = { ...HEADERS, 'content-type': 'application/json', authorization: load.token };
    return makeUsers().map((user) => ({ body: unleashBody(user, companies), headers }));
  }
  if (load.kind === 'ofrep') {
    // OpenFeature's OFREP providers send plain JSON with the key in a header.
    const headers = { ...HEADERS, 'content-type': 'application/json', authorization: `Bearer ${load.token}` };
    return makeUsers().map((user) => ({ body: ofrepBody(user, companies), headers }));
  }
  return makeUsers().map((user) => {
    const json = flagsBody(load.token, user, companies);
    // posthog-js gzips once remote config allows it, as text/plain with no header (compat notes §1.3).
    return load.encoding === 'gzip'
      ? { body: gzipSync(json), headers: { ...HEADERS, 'content-type': 'text/plain' } }
      : { body: json, headers: { ...HEADERS, 'content-type': 'application/json' } };
  });
}

function quantile(sorted: Float64Array, q: number): number {
  return sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
}

function posthogAnswerOk(answer: unknown, wanted: Set<string>): boolean {
  const { errorsWhileComputingFlags, flags } = answer as {
    errorsWhileComputingFlags?: unknown;
    flags?: object;
  };
  const keys = Object.keys(flags ?? {});
  return (
    errorsWhileComputingFlags === false && keys.length === wanted.size && keys.every((k) => wanted.has(k))
  );
}

/** OFREP answers every flag of the project (switched-off ones too); each wanted one must be a success. */
function ofrepAnswerOk(answer: unknown, wanted: Set<string>): boolean {
  const flags = (answer as { flags?: { key: string; errorCode?: string }[] }).flags;
  if (!Array.isArray(flags) || flags.some((f) => f.errorCode !== undefined)) return false;
  const keys = new Set(flags.map((f) => f.key));
  return [...wanted].every((k) => keys.has(k));
}

/** Unleash lists enabled toggles only; the 100% one must always be there. */
function unleashAnswerOk(answer: unknown, wanted: Set<string>): boolean {
  const toggles = (answer as { toggles?: { name: string; enabled: boolean }[] }).toggles;
  return (
    Array.isArray(toggles) &&
    toggles.some((t) => t.name === 'new-navigation') &&
    toggles.every((t) => t.enabled && wanted.has(t.name))
  );
}

async function run(load: LoadRequest, seconds: number | 'once', record: boolean, all: AutocannonRequest[]) {
  const wanted = new Set(load.flagKeys);
  let firstMismatch: string | undefined;
  const verifyBody = (body: string): boolean => {
    let ok = false;
    try {
      const check = { posthog: posthogAnswerOk, ofrep: ofrepAnswerOk, unleash: unleashAnswerOk }[load.kind];
      ok = check(JSON.parse(body), wanted);
    } catch {
      ok = false;
    }
    if (!ok) firstMismatch ??= body.slice(0, 300);
    return ok;
  };
  let connection = 0;
  const latencies: number[] = [];
  const instance = autocannon({
    url: `${load.url}${PATHS[load.kind]}`,
    method: 'POST',
    connections: load.connections,
    // Connection c owns users c, c + connections, …: an amount of one per user gives each its slice once.
    ...(seconds === 'once' ? { amount: all.length } : { duration: seconds }),
    timeout: 10,
    verifyBody,
    setupClient: (client) => {
      const c = connection++;
      client.setRequests(
        all
          .filter((_, i) => i % load.connections === c)
          .map((r) => ({ ...r, method: 'POST', path: PATHS[load.kind] })),
      );
    },
  });
  // autocannon's own histogram keeps whole milliseconds; this keeps the exact times.
  if (record) instance.on('response', (_c, _s, _b, ms: number) => latencies.push(ms));
  const result: AutocannonResult = await instance;
  return { result, latencies, firstMismatch };
}

async function main(load: LoadRequest): Promise<void> {
  const all = requestsFor(load);
  if (load.mode === 'timed' && load.warmupSeconds > 0) await run(load, load.warmupSeconds, false, all);
  process.send?.({ type: 'measuring' } satisfies LoadMessage);
  const cpuBefore = process.cpuUsage();
  const { result, latencies, firstMismatch } = await run(
    load,
    load.mode === 'once' ? 'once' : load.seconds,
    true,
    all,
  );
  const cpu = process.cpuUsage(cpuBefore);
  const sorted = Float64Array.from(latencies).sort();
  const sent = all.reduce((s, r) => s + (r.body?.length ?? 0), 0) / all.length;
  const done: LoadMessage = {
    type: 'done',
    result: {
      requests: result.requests.total,
      seconds: result.duration,
      latencyMs: {
        p50: quantile(sorted, 0.5),
        p90: quantile(sorted, 0.9),
        p99: quantile(sorted, 0.99),
        max: sorted[sorted.length - 1] ?? Number.NaN,
        mean: sorted.reduce((s, v) => s + v, 0) / Math.max(1, sorted.length),
      },
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      mismatches: result.mismatches,
      firstMismatch,
      requestBytes: sent,
      responseBytes: result.throughput.total / Math.max(1, result.requests.total),
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    },
  };
  await new Promise<void>((resolve) => process.send?.(done, undefined, {}, () => resolve()) ?? resolve());
  process.disconnect?.();
}

process.once('message', (load: LoadRequest) => {
  main(load).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
