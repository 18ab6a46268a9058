import type { RunnerDialect } from '../query-runner.ts';
import { clickHouseDialect } from './clickhouse-dialect.ts';
import { duckDbDialect } from './duckdb-dialect.ts';
import type { SqlDialect } from './sql-dialect.ts';

/** The dialect the query engine compiles for, by the runner that will execute it. */
export const dialectFor = (runner: RunnerDialect): SqlDialect =>
  runner === 'clickhouse' ? clickHouseDialect : duckDbDialect;
