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

/** Ingestion commits asynchronously: waits (up to ~10 s) until `count` events are readable. */
export async function waitForEvents(server: TestServer, count: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { results } = await server.api<{ results: unknown[] }>('/api/projects/@current/events?limit=1000');
    if (results.length >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
