import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_EARLY_ACCESS_PATH } from '../early-access/public-early-access-routes.ts';
import { type InProcess, inProcess } from '../testing/in-process.ts';
import { TEST_PROJECT_KEY } from '../testing/test-server.ts';

// Security invariant: nothing under /api answers without a personal key, whatever the route or method.
describe('every /api route', () => {
  let sp: InProcess;
  beforeAll(async () => {
    sp = await inProcess('memory');
  });
  afterAll(async () => {
    await sp.stop();
  });

  it('refuses anonymous callers (401) and project keys (403)', async () => {
    const routes = sp.signpost.app.routes.filter(
      // posthog-js reads early-access features with the public project key: the one /api path outside keys.
      (r) =>
        r.path.startsWith('/api/') &&
        r.path !== PUBLIC_EARLY_ACCESS_PATH &&
        r.method !== 'ALL' &&
        !r.path.endsWith('*'),
    );
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      const path = route.path.replace(':projectId', '@current').replace(/:[a-zA-Z]+/g, '1');
      const anonymous = await sp.signpost.app.request(path, { method: route.method });
      expect(anonymous.status, `${route.method} ${route.path}`).toBe(401);
      const withProjectKey = await sp.signpost.app.request(path, {
        method: route.method,
        headers: { authorization: `Bearer ${TEST_PROJECT_KEY}` },
      });
      expect(withProjectKey.status, `${route.method} ${route.path}`).toBe(403);
    }
  });
});
