import { readCappedText } from './capped-body.ts';
import { isObject } from './posthog-json.ts';

/** A flag's value as `/flags?v=2` gives it: the variant, else enabled; null when the flag is absent or failed. */
export type FlagAnswer = boolean | string | null;

export interface BucketingDifference {
  flag: string;
  distinctId: string;
  posthog: FlagAnswer;
  signpost: FlagAnswer;
}

export interface BucketingReport {
  /** Distinct ids asked about. */
  sampled: number;
  /** (flag, distinct id) pairs compared. */
  compared: number;
  differences: BucketingDifference[];
  /** Distinct ids whose answer could not be read on one side; they are not compared. */
  failures: { distinctId: string; side: 'posthog' | 'signpost'; message: string }[];
}

export interface FlagsEndpoint {
  /** Where `/flags` is served: PostHog Cloud answers it on its ingestion host (see posthogFlagsHost). */
  host: string;
  /** The project token (`phc_…`). */
  projectToken: string;
}

export interface BucketingCheckOptions {
  posthog: FlagsEndpoint;
  signpost: FlagsEndpoint;
  distinctIds: readonly string[];
  fetch?: typeof fetch;
  /** Requests in flight per side (default 4: PostHog does not rate-limit `/flags`, but it is someone's server). */
  concurrency?: number;
}

/**
 * Asks PostHog's `/flags?v=2` and Signpost's for each distinct id, as an SDK would (distinct id only, so the
 * stored persons and cohorts decide), and lists every flag PostHog answers for which Signpost answers otherwise.
 * Flags only Signpost has are not differences: they were not imported.
 */
export async function bucketingCheck(options: BucketingCheckOptions): Promise<BucketingReport> {
  const fetchFn = options.fetch ?? fetch;
  const report: BucketingReport = {
    sampled: options.distinctIds.length,
    compared: 0,
    differences: [],
    failures: [],
  };
  const queue = [...options.distinctIds];
  const worker = async () => {
    for (let distinctId = queue.shift(); distinctId !== undefined; distinctId = queue.shift()) {
      const [posthog, signpost] = await Promise.all([
        askFlags(fetchFn, options.posthog, distinctId),
        askFlags(fetchFn, options.signpost, distinctId),
      ]);
      if (typeof posthog === 'string' || typeof signpost === 'string') {
        if (typeof posthog === 'string')
          report.failures.push({ distinctId, side: 'posthog', message: posthog });
        if (typeof signpost === 'string')
          report.failures.push({ distinctId, side: 'signpost', message: signpost });
        continue;
      }
      for (const [flag, posthogValue] of posthog) {
        report.compared++;
        const signpostValue = signpost.get(flag) ?? null;
        if (posthogValue !== signpostValue) {
          report.differences.push({ flag, distinctId, posthog: posthogValue, signpost: signpostValue });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  report.differences.sort((a, b) => cmp(a.flag, b.flag) || cmp(a.distinctId, b.distinctId));
  return report;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const RETRIES_ON_429 = 3;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Flag key → answer, or why the answer could not be read. */
async function askFlags(
  fetchFn: typeof fetch,
  endpoint: FlagsEndpoint,
  distinctId: string,
): Promise<Map<string, FlagAnswer> | string> {
  let response: Response | undefined;
  // A rate-limited answer is asked again, as an SDK would, a few times and never for longer than 30 s in all.
  for (let attempt = 0; attempt < RETRIES_ON_429 + 1; attempt++) {
    try {
      response = await fetchFn(`${endpoint.host.replace(/\/+$/, '')}/flags/?v=2`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: endpoint.projectToken, distinct_id: distinctId }),
      });
    } catch (error) {
      return `cannot reach ${endpoint.host}: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (response.status !== 429 || attempt === RETRIES_ON_429) break;
    await response.body?.cancel();
    const seconds = Number(response.headers.get('retry-after'));
    await sleep(
      Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 10) * 1000 : 1000 * 2 ** attempt,
    );
  }
  if (!response) return 'no answer';
  let body: unknown;
  try {
    body = JSON.parse(await readCappedText(response, 8 * 1024 * 1024, 'POST /flags'));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  if (!response.ok || !isObject(body) || !isObject(body.flags)) return `/flags answered ${response.status}`;
  const answers = new Map<string, FlagAnswer>();
  for (const [key, detail] of Object.entries(body.flags)) {
    if (!isObject(detail) || detail.failed === true) answers.set(key, null);
    else if (typeof detail.variant === 'string') answers.set(key, detail.variant);
    else answers.set(key, detail.enabled === true);
  }
  return answers;
}

/**
 * Where PostHog serves `/flags`: Cloud's app hosts (`us.posthog.com`, `eu.posthog.com`, the old
 * `app.posthog.com`) hand SDK traffic to their ingestion hosts; a self-hosted PostHog serves both on one address.
 */
export function posthogFlagsHost(host: string): string {
  const url = new URL(host);
  const cloud = new Map([
    ['us.posthog.com', 'us.i.posthog.com'],
    ['app.posthog.com', 'us.i.posthog.com'],
    ['eu.posthog.com', 'eu.i.posthog.com'],
  ]);
  const ingestion = cloud.get(url.hostname);
  return ingestion ? `https://${ingestion}` : url.origin;
}

/** `n` distinct ids spread evenly over the imported persons, each person's first id (the one it was created with). */
export function sampleDistinctIds(
  persons: readonly { distinctIds: readonly string[] }[],
  n: number,
): string[] {
  const withIds = persons.filter((p) => p.distinctIds.length > 0);
  const count = Math.min(Math.max(0, Math.floor(n)), withIds.length);
  const picked: string[] = [];
  for (let i = 0; i < count; i++) {
    const person = withIds[Math.floor((i * withIds.length) / count)];
    if (person?.distinctIds[0] !== undefined) picked.push(person.distinctIds[0]);
  }
  return picked;
}

/** The report as the import command prints it. */
export function formatBucketingReport(report: BucketingReport): string {
  const lines = [
    `Bucketing check: ${report.sampled} distinct ids, ${report.compared} flag answers compared, ` +
      `${report.differences.length} different, ${report.failures.length} not answered.`,
  ];
  const show = (v: FlagAnswer) => (v === null ? '(none)' : JSON.stringify(v));
  for (const d of report.differences) {
    lines.push(`  ${d.flag}  ${d.distinctId}: PostHog ${show(d.posthog)}, Signpost ${show(d.signpost)}`);
  }
  for (const f of report.failures) lines.push(`  ${f.side} did not answer for ${f.distinctId}: ${f.message}`);
  return lines.join('\n');
}
