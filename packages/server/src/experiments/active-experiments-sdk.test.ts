import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Signpost } from '../../../node/src/index.ts';
import {
  startTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  type TestServer,
} from '../testing/test-server.ts';

// The real @signpost/node SDK against a real server: getActiveExperiments lists running experiments only.

const USERS = Array.from({ length: 10 }, (_, i) => `sdk-exp-user-${i}`);

let server: TestServer;

async function send(method: string, path: string, body: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: number };
}

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

async function activeFor(extra: Record<string, unknown>): Promise<Record<string, string>[]> {
  const signpost = new Signpost(TEST_PROJECT_KEY, { host: server.url, flushAt: 1_000, ...extra });
  const all = [];
  for (const user of USERS)
    all.push(await signpost.getActiveExperiments(user, { sendFeatureFlagEvents: false }));
  await signpost.shutdown();
  return all;
}

describe.each([
  ['remote', {}],
  ['local', { personalApiKey: TEST_PERSONAL_KEY }],
])('getActiveExperiments (%s evaluation)', (mode, extra) => {
  it('lists a launched experiment, not a draft one', async () => {
    const key = `sdk-exp-${mode}`;
    const linkedKey = `sdk-linked-${mode}`;
    const { id } = await send('POST', '/api/projects/@current/experiments/', {
      name: key,
      feature_flag_key: key,
    });
    await send('POST', '/api/projects/@current/feature_flags/', {
      key: linkedKey,
      filters: {
        groups: [{ rollout_percentage: 100 }],
        multivariate: {
          variants: [
            { key: 'control', rollout_percentage: 50 },
            { key: 'test', rollout_percentage: 50 },
          ],
        },
      },
    });
    // A draft on an already-active flag: users get variants, but it is not a running experiment.
    await send('POST', '/api/projects/@current/experiments/', {
      name: linkedKey,
      feature_flag_key: linkedKey,
    });

    for (const active of await activeFor(extra)) expect(active).not.toHaveProperty(key);

    await send('PATCH', `/api/projects/@current/experiments/${id}/`, {
      start_date: new Date().toISOString(),
    });
    for (const active of await activeFor(extra)) {
      expect(['control', 'test']).toContain(active[key]);
      expect(active).not.toHaveProperty(linkedKey);
    }
  });
});
