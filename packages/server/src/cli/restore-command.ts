// `npm run restore -- --from <backup folder> [--data-dir ./data]`: into a new or empty data folder only.
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { restoreBackup } from '../backup/restore-backup.ts';
import { loadConfig } from '../config.ts';
import { AppError } from '../errors/app-error.ts';
import { LATEST_SCHEMA_VERSION } from '../storage/duckdb/migrations.ts';
import { verifyRestored } from './backup/verify-restored.ts';
import { CliError } from './cli-error.ts';
import { type ProgressBar, progressBar } from './progress-bar.ts';
import { runCli } from './run-cli.ts';

runCli(async () => {
  const { values } = parseArgs({
    options: { from: { type: 'string' }, 'data-dir': { type: 'string' } },
  });
  const config = loadConfig();
  if (config.distributed)
    throw new CliError(
      'BACKUP_UNSUPPORTED',
      'This Signpost runs on PostgreSQL + ClickHouse: restore with pg_restore and ClickHouse RESTORE (see README "Backup & restore").',
    );
  if (!values.from) throw new CliError('INVALID_ARGUMENTS', 'Pass --from <backup folder>.');
  const from = path.resolve(values.from);
  const dataDir = path.resolve(values['data-dir'] ?? config.dataDir);
  let bar: ProgressBar | undefined;
  try {
    const manifest = await restoreBackup({
      from,
      dataDir,
      latestSchemaVersion: LATEST_SCHEMA_VERSION,
      onProgress: (bytes, total) => {
        bar ??= progressBar('restoring', total);
        bar.update(bytes, 'bytes');
      },
    });
    bar?.finish('bytes');
    try {
      await verifyRestored(dataDir, manifest);
    } catch (error) {
      for (const entry of await readdir(dataDir)) await rm(path.join(dataDir, entry), { recursive: true });
      throw error;
    }
    process.stdout.write(
      `Restored ${manifest.eventCount.toLocaleString('en-US')} events (backup of ${manifest.createdAt}, schema ${manifest.schemaVersion}) into ${dataDir}. Start it with SIGNPOST_DATA_DIR=${dataDir} npm start.\n`,
    );
  } catch (error) {
    if (error instanceof AppError)
      throw new CliError(
        error.code === 'BACKUP_TARGET_NOT_EMPTY' ? 'TARGET_NOT_EMPTY' : 'BACKUP_INVALID',
        error.detail,
      );
    throw error;
  }
});
