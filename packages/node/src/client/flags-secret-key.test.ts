import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingFetch } from '../test-support/recording-fetch.ts';
import {
  type SdkTestServer,
  startSdkTestServer,
  TEST_PROJECT_KEY,
  TEST_SECRET_KEY,
} from '../test-support/sdk-test-server.ts';
import { serverFlags } from '../test-support/server-flags.ts';
import type { SignpostError } from './sdk-error.ts';
import { Signpost } from './signpost.ts';

// A project secret key (`phs_…`) as `personalApiKey`: the SDK polls definitions with it and evaluates locally,
// unchanged from a personal key, though the key can read nothing else.

let server: SdkTestServer;

beforeAll(async () => {
  server = await startSdkTestServer();
  await server.createFlag({ key: 'half', filters: { groups: [{ rollout_percentage: 50 }] } });
  await server.createFlag({
    key: 'admins',
    filters: {
      groups: [{ properties: [{ key: 'role', type: 'person', operator: 'exact', value: ['admin'] }] }],
    },
  });
});
afterAll(async () => {
  await server?.stop();
});

describe('@signpost/node with a phs_ key', () => {
  it('evaluates locally from definitions fetched with the secret key', async () => {
    const recorder = recordingFetch();
    const errors: SignpostError[] = [];
    const signpost = new Signpost(TEST_PROJECT_KEY, {
      host: server.url,
      personalApiKey: TEST_SECRET_KEY,
      fetch: recorder.fetch,
      onError: (e) => errors.push(e),
    });
    let on = 0;
    for (let i = 0; i < 60; i++) {
      const options = { personProperties: { role: i % 4 === 0 ? 'admin' : 'user' } };
      const reference = await serverFlags(server.url, `user-${i}`, options);
      expect(await signpost.getAllFlags(`user-${i}`, options)).toEqual(reference.flags);
      if (reference.flags.half === true) on++;
    }
    expect(on).toBeGreaterThan(10);
    expect(on).toBeLessThan(50);
    expect(errors).toEqual([]);
    expect(recorder.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /flags/definitions 200',
    ]);
    expect(recorder.requests[0]?.headers.authorization).toBe(`Bearer ${TEST_SECRET_KEY}`);
    await signpost.shutdown();
  });
});
