// `npm run backup -- --to <dir> [--url http://127.0.0.1:8000] [--key phx_…] [--data-dir ./data]`
// A running server holds the data folder's lock, so it is asked to write the backup; with no server answering,
// the folder is opened here instead.
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BackupProgress } from '../backup/database-backup.ts';
import { loadConfig } from '../config.ts';
import { localBackup } from './backup/local-backup.ts';
import { requestBackup, ServerUnreachable } from './backup/request-backup.ts';
import { CliError } from './cli-error.ts';
import { type ProgressBar, progressBar } from './progress-bar.ts';
import { runCli } from './run-cli.ts';

runCli(async () => {
  const { values } = parseArgs({
    options: {
      to: { type: 'string' },
      url: { type: 'string' },
      key: { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });
  const config = loadConfig();
  if (config.distributed)
    throw new CliError(
      'BACKUP_UNSUPPORTED',
      'This Signpost runs on PostgreSQL + ClickHouse: back up PostgreSQL with pg_dump and ClickHouse with BACKUP … TO (see README "Backup & restore"). `npm run backup` covers the embedded DuckDB mode only.',
    );
  if (!values.to) throw new CliError('INVALID_ARGUMENTS', 'Pass --to <folder> (new or empty).');
  const to = path.resolve(values.to);
  let bar: ProgressBar | undefined;
  const onProgress = (p: BackupProgress) => {
    bar ??= progressBar('backing up', p.totalRows);
    bar.update(p.rows, 'rows');
  };
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const baseUrl = values.url ?? `http://${host}:${config.port}`;
  const key = values.key ?? config.personalApiKey;
  const started = performance.now();
  let manifest: Awaited<ReturnType<typeof requestBackup>>;
  try {
    if (!key) throw new ServerUnreachable('no key');
    manifest = await requestBackup({ baseUrl, key, to, onProgress });
  } catch (error) {
    if (!(error instanceof ServerUnreachable)) throw error;
    // An explicit --url names the server that must answer; otherwise no answer means no server is running.
    if (values.url) throw new CliError('TARGET_UNREACHABLE', error.message);
    const dataDir = path.resolve(values['data-dir'] ?? config.dataDir);
    process.stderr.write(`No server answered at ${baseUrl}; backing up ${dataDir} directly.\n`);
    manifest = await localBackup(dataDir, to, onProgress);
  }
  bar?.finish('rows');
  const bytes = manifest.files.reduce((n, f) => n + f.bytes, 0);
  process.stdout.write(
    `Backed up ${manifest.eventCount.toLocaleString('en-US')} events (schema ${manifest.schemaVersion}, ` +
      `${(bytes / 1e6).toFixed(1)} MB) to ${to} in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`,
  );
});
