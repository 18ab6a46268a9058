import type { ImportSource } from '../imports/import-record.ts';
import {
  type BucketingReport,
  bucketingCheck,
  formatBucketingReport,
  posthogFlagsHost,
  sampleDistinctIds,
} from '../imports/posthog/bucketing-check.ts';
import { type PosthogImportSource, posthogSource } from '../imports/posthog/posthog-source.ts';
import { PosthogSourceError } from '../imports/posthog/posthog-source-error.ts';
import type { SignpostClient } from '../imports/signpost-client.ts';
import { CliError } from './cli-error.ts';

type Options = Record<string, string | undefined>;

// Persons remembered for the bucketing sample: enough to spread a sample of a few hundred over the import.
const SAMPLE_POOL = 10_000;

/** `--after`/`--before` as ISO instants, refused in one line when they are not dates. */
function instant(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw new CliError('INVALID_ARGUMENTS', `--${name} must be a date (ISO 8601).`);
  return new Date(at).toISOString();
}

/**
 * The PostHog source for `npm run import -- posthog`, wrapped so PostHog's refusals print as one CLI line and the
 * persons it reads are remembered for the bucketing check that ends the import.
 */
export function posthogImportSource(options: Options): {
  source: ImportSource;
  seen: string[][];
  posthog: PosthogImportSource;
} {
  if (!options.host)
    throw new CliError('INVALID_ARGUMENTS', 'Pass --host https://us.posthog.com (or your PostHog).');
  const key = options['source-key'];
  if (!key?.startsWith('phx_'))
    throw new CliError(
      'INVALID_ARGUMENTS',
      'Pass --source-key phx_… (a PostHog personal API key with read access).',
    );
  const posthog = posthogSource({
    host: options.host,
    personalApiKey: key,
    projectId: options.project,
    after: instant('after', options.after),
    before: instant('before', options.before),
  });
  const seen: string[][] = [];
  const refused = (error: unknown): never => {
    if (error instanceof PosthogSourceError)
      throw new CliError('SOURCE_UNREADABLE', `PostHog ${error.code}: ${error.message}`);
    throw error;
  };
  const source: ImportSource = {
    name: posthog.name,
    check: () => posthog.check().catch(refused),
    totals: posthog.totals ? () => posthog.totals?.().catch(refused) ?? Promise.resolve({}) : undefined,
    async *records(resume) {
      try {
        for await (const item of posthog.records(resume)) {
          if (item.record.kind === 'person' && seen.length < SAMPLE_POOL) seen.push(item.record.distinctIds);
          yield item;
        }
      } catch (error) {
        refused(error);
      }
    },
  };
  return { source, seen, posthog };
}

/**
 * Compares PostHog's and Signpost's `/flags` for a sample of real distinct ids: the persons this run imported, or
 * (on a rerun that imported none) persons already in Signpost.
 */
export async function runBucketingCheck(
  posthog: PosthogImportSource,
  seen: string[][],
  target: SignpostClient,
  targetUrl: string,
  sample: number,
): Promise<BucketingReport> {
  let pool = seen.map((distinctIds) => ({ distinctIds }));
  if (pool.length === 0) {
    const persons = await target.get<{ results: { distinct_ids: string[] }[] }>(
      '/api/projects/@current/persons/?limit=1000',
    );
    pool = persons.results.map((p) => ({ distinctIds: p.distinct_ids }));
  }
  const project = await target.get<{ api_token: string }>('/api/projects/@current/');
  const report = await bucketingCheck({
    posthog: {
      host: posthogFlagsHost(posthog.client.host),
      projectToken: (await posthog.project()).apiToken,
    },
    signpost: { host: targetUrl, projectToken: project.api_token },
    distinctIds: sampleDistinctIds(pool, sample),
  });
  process.stderr.write(`${formatBucketingReport(report)}\n`);
  return report;
}
