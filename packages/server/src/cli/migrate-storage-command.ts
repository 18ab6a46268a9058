// `npm run migrate-storage -- --to postgres+clickhouse` copies the data folder (SIGNPOST_DATA_DIR) into the
// PostgreSQL + ClickHouse of SIGNPOST_DATABASE_URL / SIGNPOST_CLICKHOUSE_*; `--to duckdb --data-dir <empty
// folder>` copies them back. The server must be stopped: DuckDB locks its data folder.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { CliError } from './cli-error.ts';
import { runCli } from './run-cli.ts';
import { migrateStorage } from './storage-migration/migrate-storage.ts';

runCli(async () => {
  const { values } = parseArgs({
    options: { to: { type: 'string' }, 'data-dir': { type: 'string' } },
  });
  const config = loadConfig();
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : config.dataDir;
  const to = values.to;
  if (to !== 'postgres+clickhouse' && to !== 'duckdb')
    throw new CliError('INVALID_ARGUMENTS', '--to must be postgres+clickhouse or duckdb.');
  if (to === 'duckdb' && !values['data-dir'])
    throw new CliError('INVALID_ARGUMENTS', '--to duckdb needs --data-dir <new or empty folder>.');
  const started = performance.now();
  await migrateStorage({ to, dataDir, distributed: config.distributed });
  process.stderr.write(`Migrated in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`);
});
