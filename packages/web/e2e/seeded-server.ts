import { expect } from 'vitest';
import { startTestServer, TEST_PROJECT_KEY, type TestServer } from '../../server/src/testing/test-server.ts';
import type { Admin } from './app-page.ts';
import { ensureWebBuilt } from './build-web.ts';

/** A real Signpost serving the real web build, with `admin` as its admin account. */
export async function startWebServer(admin: Admin): Promise<TestServer> {
  const webDir = await ensureWebBuilt();
  return startTestServer({
    env: {
      SIGNPOST_ADMIN_EMAIL: admin.email,
      SIGNPOST_ADMIN_PASSWORD: admin.password,
      SIGNPOST_WEB_DIR: webDir,
    },
  });
}

/** Sends events as an SDK does, through /batch/ with the project key. */
export async function sendBatch(server: TestServer, events: unknown[]): Promise<void> {
  const r = await fetch(`${server.url}/batch/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ api_key: TEST_PROJECT_KEY, batch: events }),
  });
  expect(r.status).toBe(200);
}

/**
 * Ingestion commits asynchronously: waits (up to ~10 s) until `count` events are readable, then writes their event
 * and property definitions, which the server otherwise writes every 2 s (pickers suggest names from them).
 */
export async function waitForEvents(server: TestServer, count: number): Promise<void> {
  let readable = 0;
  for (let i = 0; i < 200; i++) {
    const { results } = await server.api<{ results: unknown[] }>('/api/projects/@current/events?limit=1000');
    readable = results.length;
    if (readable >= count) {
      await server.signpost.definitions.flush();
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`only ${readable} of ${count} events became readable`);
}
