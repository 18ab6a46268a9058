// `npm run import -- signpost --from <dir> [--url …] [--key phx_…] [--state <file>]`
// `npm run import -- posthog --host <url> --source-key phx_… [--project N] [--after …] [--before …] [--sample 100]`
// Writes through the HTTP API of a running server, so the target may be any Signpost (DuckDB or distributed).
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import type { ImportSource } from '../imports/import-record.ts';
import { loadState } from '../imports/import-state.ts';
import { writeImport } from '../imports/import-writer.ts';
import { folderSource } from '../imports/signpost/folder-source.ts';
import { SignpostClient } from '../imports/signpost-client.ts';
import { CliError } from './cli-error.ts';
import { posthogImportSource, runBucketingCheck } from './posthog-import.ts';
import { runCli } from './run-cli.ts';

type Options = Record<string, string | undefined>;

/** A source, and what runs once its records are written (the PostHog import's bucketing check). */
interface Prepared {
  source: ImportSource;
  /** Answers how many problems it found (they are printed); the command then exits 1. */
  afterwards?: (target: SignpostClient, url: string) => Promise<number>;
}

function sampleSize(raw: string | undefined): number {
  const n = raw === undefined ? 100 : Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 10_000)
    throw new CliError('INVALID_ARGUMENTS', '--sample must be a whole number from 0 (no check) to 10000.');
  return n;
}

const SOURCES: ReadonlyMap<string, (options: Options) => Prepared> = new Map([
  [
    'signpost',
    (options: Options) => {
      if (!options.from)
        throw new CliError('INVALID_ARGUMENTS', 'Pass --from <folder written by export --all>.');
      return { source: folderSource(options.from) };
    },
  ],
  [
    'posthog',
    (options: Options) => {
      const sample = sampleSize(options.sample);
      const { source, seen, posthog } = posthogImportSource(options);
      return {
        source,
        afterwards: async (target: SignpostClient, url: string) => {
          if (sample === 0) return 0;
          const report = await runBucketingCheck(posthog, seen, target, url, sample);
          return report.differences.length + report.failures.length;
        },
      };
    },
  ],
]);

runCli(async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      host: { type: 'string' },
      'source-key': { type: 'string' },
      project: { type: 'string' },
      after: { type: 'string' },
      before: { type: 'string' },
      sample: { type: 'string' },
      url: { type: 'string' },
      key: { type: 'string' },
      state: { type: 'string' },
    },
  });
  const name = positionals[0];
  const make = name === undefined ? undefined : SOURCES.get(name);
  if (!name || !make)
    throw new CliError('INVALID_ARGUMENTS', `Name the source first: ${[...SOURCES.keys()].join(' | ')}.`);
  const config = loadConfig();
  const key = values.key ?? config.personalApiKey;
  if (!key) throw new CliError('INVALID_ARGUMENTS', 'Pass --key phx_… or set SIGNPOST_PERSONAL_API_KEY.');
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const url = values.url ?? `http://${host}:${config.port}`;
  const { source, afterwards } = make(values);
  const stateFile = values.state ?? `./signpost-import-${name}.json`;
  const state = loadState(stateFile, name, url);
  if (state.done)
    process.stderr.write(`${stateFile} records a finished import; checking for anything new.\n`);
  const target = new SignpostClient(url, key);
  const report = await writeImport({ source, target, state, stateFile, progress: true });
  process.stderr.write(report.format());
  if (report.failures.length > 0) process.exitCode = 1;
  const problems = afterwards ? await afterwards(target, url) : 0;
  if (problems > 0) {
    process.stderr.write(
      `signpost: the bucketing check found ${problems} difference(s); see the lines above.\n`,
    );
    process.exitCode = 1;
  }
});
