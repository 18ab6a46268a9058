import { type InProcess, inProcess } from '../in-process.ts';
import { inProcessClickHouse } from './clickhouse-in-process.ts';

export type QueryBackend = 'duckdb' | 'clickhouse';

/**
 * The engines every query test runs on, given the test's environment variables. ClickHouse needs the chdb
 * toolchain (installed on demand); SIGNPOST_TEST_CLICKHOUSE=0 leaves it out on a machine that cannot host it.
 */
export function queryBackends(env: Readonly<Record<string, string | undefined>>): QueryBackend[] {
  return env.SIGNPOST_TEST_CLICKHOUSE === '0' ? ['duckdb'] : ['duckdb', 'clickhouse'];
}

/** A Signpost whose insight queries run on `backend`, seeded through the capture endpoint either way. */
export function queryServer(backend: QueryBackend, env: Record<string, string> = {}): Promise<InProcess> {
  return backend === 'clickhouse' ? inProcessClickHouse(env) : inProcess('duckdb', env);
}
