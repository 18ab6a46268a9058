import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config.ts';
import { createSignpost, type Signpost } from '../server.ts';
import { openDuckDbStorage } from '../storage/duckdb/duckdb-storage.ts';
import { MemoryStorage } from '../storage/memory/memory-storage.ts';
import type { Storage } from '../storage/storage.ts';
import { type Logger, silentLogger } from '../util/logger.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY, TEST_SECRET_KEY } from './test-server.ts';

export type StorageKind = 'memory' | 'duckdb';
export const STORAGE_KINDS: StorageKind[] = ['memory', 'duckdb'];

export interface InProcess {
  signpost: Signpost;
  storage: Storage;
  /** POST a JSON body to a capture path. */
  capture(body: unknown, path?: string): Promise<Response>;
  /** GET on the read API with the personal key, parsed. */
  api<T = unknown>(pathAndQuery: string): Promise<T>;
  /** Closes the server and removes its data folder. */
  stop(): Promise<void>;
}

/**
 * Signpost driven through `app.request()` with no socket, on the in-memory fake or on DuckDB in a temp folder,
 * so the same test can run against every storage backend.
 */
export async function inProcess(
  kind: StorageKind = 'memory',
  env: Record<string, string> = {},
  logger: Logger = silentLogger,
  /** Swaps stores before the server is built (the ClickHouse query tests replace `analytics`). */
  adapt: (storage: Storage) => Storage = (s) => s,
): Promise<InProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'signpost-inproc-'));
  const storage = adapt(kind === 'memory' ? new MemoryStorage() : await openDuckDbStorage(dataDir));
  const config = loadConfig({
    SIGNPOST_DATA_DIR: dataDir,
    SIGNPOST_PROJECT_API_KEY: TEST_PROJECT_KEY,
    SIGNPOST_PERSONAL_API_KEY: TEST_PERSONAL_KEY,
    SIGNPOST_PROJECT_SECRET_KEY: TEST_SECRET_KEY,
    ...env,
  });
  const signpost = await createSignpost({ config, storage, logger });
  return {
    signpost,
    storage,
    capture: async (body, path = '/batch/') =>
      signpost.app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    async api<T>(pathAndQuery: string): Promise<T> {
      const response = await signpost.app.request(pathAndQuery, {
        headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}` },
      });
      if (response.status !== 200)
        throw new Error(`GET ${pathAndQuery} → ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
    async stop() {
      await signpost.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
