import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { loadConfig } from '../../../server/src/config.ts';
import { createSignpost } from '../../../server/src/server.ts';
import { openDuckDbStorage } from '../../../server/src/storage/duckdb/duckdb-storage.ts';
import {
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  TEST_SECRET_KEY,
} from '../../../server/src/testing/test-server.ts';
import { silentLogger } from '../../../server/src/util/logger.ts';

export { TEST_PERSONAL_KEY, TEST_PROJECT_KEY, TEST_SECRET_KEY };

export interface ApiEvent {
  uuid: string;
  distinct_id: string;
  event: string;
  properties: Record<string, unknown>;
  timestamp: string;
}

export interface SdkTestServer {
  url: string;
  port: number;
  dataDir: string;
  /** JSON request on the management/read API with the personal key; throws on a non-2xx answer. */
  api<T = unknown>(method: string, pathAndQuery: string, body?: unknown): Promise<T>;
  createFlag(flag: Record<string, unknown>): Promise<{ id: number; key: string }>;
  events(query: Record<string, string>): Promise<ApiEvent[]>;
  /** Polls `events` until at least `count` match (ingestion may commit just after the 200), or fails. */
  waitForEvents(query: Record<string, string>, count: number, timeoutMs?: number): Promise<ApiEvent[]>;
  /** Closes the socket and the database; `keepData` leaves the folder for a restart on the same data. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/**
 * A real Signpost on DuckDB, like `startTestServer`, that can also start on a given port and data folder: the
 * outage tests stop it and bring it back at the same address with the same data, as a restart would.
 */
export async function startSdkTestServer(
  options: { port?: number; dataDir?: string } = {},
): Promise<SdkTestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'signpost-sdk-'));
  const config = loadConfig({
    SIGNPOST_DATA_DIR: dataDir,
    SIGNPOST_PROJECT_API_KEY: TEST_PROJECT_KEY,
    SIGNPOST_PERSONAL_API_KEY: TEST_PERSONAL_KEY,
    SIGNPOST_PROJECT_SECRET_KEY: TEST_SECRET_KEY,
  });
  const signpost = await createSignpost({
    config,
    storage: await openDuckDbStorage(dataDir),
    logger: silentLogger,
  });
  const server = serve({ fetch: signpost.app.fetch, hostname: '127.0.0.1', port: options.port ?? 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  async function api<T>(method: string, pathAndQuery: string, body?: unknown): Promise<T> {
    const response = await fetch(`${url}${pathAndQuery}`, {
      method,
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${pathAndQuery} → ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async function events(query: Record<string, string>): Promise<ApiEvent[]> {
    const page = await api<{ results: ApiEvent[] }>(
      'GET',
      `/api/projects/@current/events/?${new URLSearchParams({ limit: '1000', ...query })}`,
    );
    return page.results;
  }

  return {
    url,
    port,
    dataDir,
    api,
    createFlag: (flag) => api('POST', '/api/projects/@current/feature_flags/', flag),
    events,
    async waitForEvents(query, count, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = await events(query);
        if (found.length >= count || Date.now() > deadline) return found;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async stop({ keepData = false } = {}) {
      // Keep-alive sockets would hold close() open; a stopped server must look unreachable at once.
      (server as Server).closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await signpost.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
