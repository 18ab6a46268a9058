import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { loadConfig } from '../config.ts';
import { createSignpost, type Signpost } from '../server.ts';
import { openDuckDbStorage } from '../storage/duckdb/duckdb-storage.ts';
import { MemoryStorage } from '../storage/memory/memory-storage.ts';
import { silentLogger } from '../util/logger.ts';

export const TEST_PROJECT_KEY = 'phc_test_project_key_0001';
export const TEST_PERSONAL_KEY = 'phx_test_personal_key_0001';
export const TEST_SECRET_KEY = 'phs_test_secret_key_0001';

export interface TestServer {
  signpost: Signpost;
  /** `http://127.0.0.1:<port>` of a real socket, for SDKs that need a host. */
  url: string;
  dataDir: string;
  /** GET on the read API with the personal key. */
  api<T = unknown>(pathAndQuery: string): Promise<T>;
  stop(): Promise<void>;
}

/** A real Signpost on an ephemeral port, on DuckDB in a temp folder (or in memory), for tests with real SDKs. */
export async function startTestServer(
  options: {
    storage?: 'duckdb' | 'memory';
    env?: Record<string, string>;
    dataDir?: string;
    /** A port chosen beforehand (see freePort), for a URL the server must know at start; default ephemeral. */
    port?: number;
    /** The server's clock (flag changes, usage days, staleness); default the system clock. */
    now?: () => Date;
  } = {},
): Promise<TestServer> {
  // A given data folder (say one a test seeded) belongs to the caller and is kept on stop.
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'signpost-test-'));
  const config = loadConfig({
    SIGNPOST_DATA_DIR: dataDir,
    SIGNPOST_PROJECT_API_KEY: TEST_PROJECT_KEY,
    SIGNPOST_PERSONAL_API_KEY: TEST_PERSONAL_KEY,
    SIGNPOST_PROJECT_SECRET_KEY: TEST_SECRET_KEY,
    ...options.env,
  });
  const storage = options.storage === 'memory' ? new MemoryStorage() : await openDuckDbStorage(dataDir);
  const signpost = await createSignpost({
    config,
    storage,
    logger: silentLogger,
    ...(options.now ? { now: options.now } : {}),
  });
  const server = serve({ fetch: signpost.app.fetch, hostname: '127.0.0.1', port: options.port ?? 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    signpost,
    url,
    dataDir,
    async api<T>(pathAndQuery: string): Promise<T> {
      const response = await fetch(`${url}${pathAndQuery}`, {
        headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}` },
      });
      if (!response.ok) throw new Error(`GET ${pathAndQuery} → ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await signpost.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A loopback port free right now, for a server whose own URL must be configured before it listens. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
