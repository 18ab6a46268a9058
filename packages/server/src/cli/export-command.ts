// `npm run export -- --format parquet --after 2025-01-01 --out events.parquet [--url …] [--key phx_…]`
// `npm run export -- --all --out <dir>`: everything of the project, in the folder `import signpost` reads.
// Talks to a running server over HTTP (the data folder is locked while it runs).
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { downloadExport } from '../exports/download-export.ts';
import { exportAll } from '../imports/signpost/export-all.ts';
import { SignpostClient } from '../imports/signpost-client.ts';
import { CliError } from './cli-error.ts';
import { progressBar } from './progress-bar.ts';
import { runCli } from './run-cli.ts';

runCli(async () => {
  const { values } = parseArgs({
    options: {
      format: { type: 'string', default: 'ndjson' },
      after: { type: 'string' },
      before: { type: 'string' },
      event: { type: 'string' },
      out: { type: 'string' },
      url: { type: 'string' },
      key: { type: 'string' },
      all: { type: 'boolean', default: false },
    },
  });
  const config = loadConfig();
  const key = values.key ?? config.personalApiKey;
  if (!key) throw new CliError('INVALID_ARGUMENTS', 'Pass --key phx_… or set SIGNPOST_PERSONAL_API_KEY.');
  if (!values.out) throw new CliError('INVALID_ARGUMENTS', 'Pass --out <file> (or --out - for stdout).');
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const baseUrl = values.url ?? `http://${host}:${config.port}`;
  if (values.all) {
    // One bar per kind, finished when the next kind starts.
    let bar: { kind: string; bar: ReturnType<typeof progressBar> } | undefined;
    const manifest = await exportAll({
      client: new SignpostClient(baseUrl, key),
      out: values.out,
      onProgress: (kind, items) => {
        if (bar?.kind !== kind) {
          bar?.bar.finish();
          bar = { kind, bar: progressBar(`exporting ${kind}`, undefined) };
        }
        bar.bar.update(items);
      },
    });
    bar?.bar.finish();
    const counts = manifest.files.map((f) => `${f.items} ${f.kind}`).join(', ');
    process.stderr.write(`Exported ${counts} to ${values.out}.\n`);
    return;
  }
  const format = values.format;
  if (format !== 'ndjson' && format !== 'csv' && format !== 'parquet')
    throw new CliError('INVALID_ARGUMENTS', '--format must be ndjson, csv or parquet.');
  const out = values.out === '-' ? process.stdout : createWriteStream(values.out);
  let bar: ReturnType<typeof progressBar> | undefined;
  // Parquet is written whole on the server before the first byte is sent.
  if (format === 'parquet') process.stderr.write('The server is writing the Parquet file…\n');
  const summary = await downloadExport({
    baseUrl,
    key,
    format,
    after: values.after,
    before: values.before,
    event: values.event,
    out,
    onStart: (total) => {
      bar = progressBar(`exporting ${format}`, total);
    },
    onProgress: (p) => bar?.update(p.rows, `${(p.bytes / 1e6).toFixed(1)} MB`),
  });
  bar?.finish(`${(summary.bytes / 1e6).toFixed(1)} MB`);
  process.stderr.write(`Exported ${summary.rows.toLocaleString('en-US')} events to ${values.out}.\n`);
});
