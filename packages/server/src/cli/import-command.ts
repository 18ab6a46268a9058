// `npm run import -- signpost --from <dir> [--url …] [--key phx_…] [--state <file>]`
// Writes through the HTTP API of a running server, so the target may be any Signpost (DuckDB or distributed).
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import type { ImportSource } from '../imports/import-record.ts';
import { loadState } from '../imports/import-state.ts';
import { writeImport } from '../imports/import-writer.ts';
import { folderSource } from '../imports/signpost/folder-source.ts';
import { SignpostClient } from '../imports/signpost-client.ts';
import { CliError } from './cli-error.ts';
import { runCli } from './run-cli.ts';

type Options = Record<string, string | undefined>;

/**
 * One entry per source name. `posthog` is added by the PostHog import (`imports/posthog/posthog-source.ts`,
 * `posthogSource(options)`), reading `--host` and its own `--posthog-key` style options from `options`.
 */
const SOURCES: ReadonlyMap<string, (options: Options) => ImportSource> = new Map([
  [
    'signpost',
    (options: Options) => {
      if (!options.from)
        throw new CliError('INVALID_ARGUMENTS', 'Pass --from <folder written by export --all>.');
      return folderSource(options.from);
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
  const source = make(values);
  const stateFile = values.state ?? `./signpost-import-${name}.json`;
  const state = loadState(stateFile, name, url);
  if (state.done)
    process.stderr.write(`${stateFile} records a finished import; checking for anything new.\n`);
  const report = await writeImport({
    source,
    target: new SignpostClient(url, key),
    state,
    stateFile,
    progress: true,
  });
  process.stderr.write(report.format());
  if (report.failures.length > 0) process.exitCode = 1;
});
