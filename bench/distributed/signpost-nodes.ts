import path from 'node:path';
import { type ServerProcess, startServer } from '../ingest/server-process.ts';
import type { Backends, DistributedStore } from './backends.ts';

export const PROJECT_KEY = 'phc_bench_distributed_project';
export const PERSONAL_KEY = 'phx_bench_distributed_personal';

// Every target gets the same settings; the limiters are off because all load comes from one loopback address.
const COMMON = {
  SIGNPOST_PROJECT_API_KEY: PROJECT_KEY,
  SIGNPOST_PERSONAL_API_KEY: PERSONAL_KEY,
  SIGNPOST_RATE_LIMIT_CAPTURE_PER_KEY: '0',
  SIGNPOST_RATE_LIMIT_CAPTURE_PER_IP: '0',
  SIGNPOST_RATE_LIMIT_FLAGS_PER_KEY: '0',
  SIGNPOST_RATE_LIMIT_FLAGS_PER_IP: '0',
  SIGNPOST_RATE_LIMIT_API_PER_CALLER: '0',
};

/** A Signpost process on its own DuckDB file in `dir`. */
export function startDuckDbNode(dir: string): Promise<ServerProcess> {
  return startServer({ dataDir: path.join(dir, 'duckdb'), env: COMMON });
}

/**
 * `count` Signpost processes on one distributed store, started together (the migrations' advisory lock lets one
 * migrate while the others wait). Node i enters ClickHouse through cluster node 2i, so two nodes enter through
 * different shards, as two application servers near different ClickHouse servers would.
 */
export function startDistributedNodes(
  dir: string,
  backends: Backends,
  store: DistributedStore,
  count: number,
): Promise<ServerProcess[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      startServer({
        dataDir: path.join(dir, `${store.clickhouseDatabase}-node${i}`),
        env: { ...COMMON, ...backends.nodeEnv(store, 2 * i) },
      }),
    ),
  );
}

/** SIGTERM and wait; says how it went if the exit was not clean. */
export async function stopNode(server: ServerProcess): Promise<string | undefined> {
  server.child.kill('SIGTERM');
  const exit = await server.exited;
  return exit.code === 0
    ? undefined
    : `exited with ${exit.code ?? exit.signal}: ${server.output().slice(-500)}`;
}
