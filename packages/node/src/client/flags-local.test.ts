import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlagOptions } from '../client-api.ts';
import { recordingFetch } from '../test-support/recording-fetch.ts';
import {
  type SdkTestServer,
  startSdkTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
} from '../test-support/sdk-test-server.ts';
import { serverFlags } from '../test-support/server-flags.ts';
import type { SignpostError } from './sdk-error.ts';
import { Signpost } from './signpost.ts';

// Local evaluation with a personal key: definitions polled from a real Signpost (ETag, 304), evaluated by the
// flags engine, and the server asked only for what cannot be decided locally.

let server: SdkTestServer;
const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
const person = (key: string, operator: string, value: unknown) => ({ key, type: 'person', operator, value });

const FLAGS: Array<Record<string, unknown>> = [
  { key: 'everyone', filters: { groups: [{ rollout_percentage: 100 }], payloads: { true: '{"a":1}' } } },
  { key: 'rollout-30', filters: { groups: [{ rollout_percentage: 30 }] } },
  {
    key: 'acme-staff',
    filters: {
      groups: [{ properties: [person('email', 'icontains', '@acme.com')], rollout_percentage: 100 }],
    },
  },
  {
    key: 'admins-or-beta',
    filters: {
      groups: [
        { properties: [person('role', 'exact', ['admin'])] },
        { properties: [person('beta', 'exact', true)], rollout_percentage: 50 },
      ],
    },
  },
  {
    key: 'new-versions',
    filters: { groups: [{ properties: [person('app_version', 'semver_gte', '3.0.0')] }] },
  },
  {
    key: 'timer-ui-experiment',
    filters: {
      groups: [{ rollout_percentage: 80 }],
      multivariate: {
        variants: [
          { key: 'control', rollout_percentage: 34 },
          { key: 'variant-b', rollout_percentage: 33 },
          { key: 'variant-c', rollout_percentage: 33 },
        ],
      },
      payloads: { 'variant-b': '{"layout":"compact"}' },
    },
  },
  { key: 'switched-off', active: false, filters: { groups: [{ rollout_percentage: 100 }] } },
  { key: 'browser-only', evaluation_runtime: 'client', filters: { groups: [{ rollout_percentage: 100 }] } },
];

/** Users with every property the flags above read, so local evaluation can decide all of them. */
function users(count: number): Array<{ id: string; options: FlagOptions }> {
  return Array.from({ length: count }, (_, i) => ({
    id: `local-user-${i}`,
    options: {
      personProperties: {
        email: i % 3 === 0 ? `u${i}@acme.com` : `u${i}@example.org`,
        role: i % 5 === 0 ? 'admin' : 'user',
        beta: i % 2 === 0,
        app_version: `${2 + (i % 3)}.${i % 10}.0`,
      },
    },
  }));
}

beforeAll(async () => {
  server = await startSdkTestServer();
  for (const flag of FLAGS) await server.createFlag(flag);
});
afterAll(async () => {
  await server?.stop();
});

function localClient(options: ConstructorParameters<typeof Signpost>[1] = {}) {
  const recorder = recordingFetch();
  const errors: SignpostError[] = [];
  const signpost = new Signpost(TEST_PROJECT_KEY, {
    host: server.url,
    personalApiKey: TEST_PERSONAL_KEY,
    flushAt: 1_000,
    fetch: recorder.fetch,
    onError: (e) => errors.push(e),
    ...options,
  });
  return { signpost, requests: recorder.requests, errors };
}

describe('local evaluation', () => {
  it('gives the same flags and payloads as the server /flags, without asking it', async () => {
    const { signpost, requests, errors } = localClient();
    let variants = 0;
    for (const { id, options } of users(150)) {
      const reference = await serverFlags(server.url, id, options);
      const local = await signpost.getAllFlagsAndPayloads(id, options);
      expect(local, id).toEqual(reference);
      for (const key of Object.keys(reference.flags)) {
        expect(
          await signpost.getFeatureFlag(id, key, { ...options, sendFeatureFlagEvents: false }),
          key,
        ).toBe(reference.flags[key]);
      }
      if (typeof reference.flags['timer-ui-experiment'] === 'string') variants++;
    }
    // The sample exercises both branches of the rollouts.
    expect(variants).toBeGreaterThan(80);
    expect(variants).toBeLessThan(150);
    expect(errors).toEqual([]);
    expect(requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /flags/definitions 200']);
    expect(requests[0]?.headers.authorization).toBe(`Bearer ${TEST_PERSONAL_KEY}`);
    // Inactive and client-only flags exist on the server but not for a server SDK.
    expect(await signpost.getFeatureFlag('u', 'switched-off', { default: 'dflt' })).toBe(false);
    expect(await signpost.getFeatureFlag('u', 'browser-only', { default: 'dflt' })).toBe('dflt');
    await signpost.shutdown();
  });

  it('asks /flags when a property is missing locally; the server uses what it stored', async () => {
    const { signpost, requests } = localClient();
    const id = unique('stored');
    signpost.identify({ distinctId: id, set: { email: 'ann@acme.com' } });
    await signpost.flush();
    expect(await signpost.getFeatureFlag(id, 'acme-staff')).toBe(true);
    const fallback = requests.filter((r) => r.path === '/flags/');
    expect(fallback).toHaveLength(1);
    expect(JSON.parse(fallback[0]?.body ?? '{}').flag_keys_to_evaluate).toEqual(['acme-staff']);

    // getAllFlags: local for what it can decide, the server for the rest (only those keys).
    const all = await signpost.getAllFlags(id);
    expect(all).toEqual((await serverFlags(server.url, id)).flags);
    const last = JSON.parse(requests.filter((r) => r.path === '/flags/').at(-1)?.body ?? '{}');
    expect(last.flag_keys_to_evaluate.sort()).toEqual(['acme-staff', 'admins-or-beta', 'new-versions']);

    await signpost.flush();
    const [called] = await server.waitForEvents({ event: '$feature_flag_called', distinct_id: id }, 1);
    expect(called?.properties).toMatchObject({ $feature_flag: 'acme-staff', locally_evaluated: false });
    await signpost.shutdown();
  });

  it('marks locally evaluated $feature_flag_called events', async () => {
    const { signpost } = localClient();
    const id = unique('local-called');
    await signpost.getFeatureFlag(id, 'everyone');
    await signpost.getFeatureFlag(id, 'everyone');
    await signpost.flush();
    const events = await server.waitForEvents({ event: '$feature_flag_called', distinct_id: id }, 1);
    expect(events).toHaveLength(1);
    expect(events[0]?.properties).toMatchObject({
      $feature_flag: 'everyone',
      $feature_flag_response: true,
      locally_evaluated: true,
      $feature_flag_reason: 'Matched condition set 1',
    });
    await signpost.shutdown();
  });

  it('revalidates definitions with If-None-Match and gets 304 while nothing changed', async () => {
    const { signpost, requests } = localClient();
    expect(await signpost.getFeatureFlag('u', 'everyone')).toBe(true);
    const etag = signpost.stats().definitions?.etag;
    expect(etag).toMatch(/^".+"$/);
    await signpost.reloadFeatureFlags();
    await signpost.reloadFeatureFlags();
    const definitionRequests = requests.filter((r) => r.path === '/flags/definitions');
    expect(definitionRequests.map((r) => [r.status, r.headers['if-none-match']])).toEqual([
      [200, undefined],
      [304, etag],
      [304, etag],
    ]);
    expect(signpost.stats().definitions).toMatchObject({ requests: 3, notModified: 2, failures: 0, etag });
    expect(await signpost.getFeatureFlag('u', 'everyone')).toBe(true);
    await signpost.shutdown();
  });

  it('sees a changed flag after the next poll', async () => {
    const created = await server.createFlag({
      key: 'soon-changed',
      filters: { groups: [{ rollout_percentage: 100 }] },
    });
    const { signpost } = localClient({ featureFlagsPollingIntervalMs: 100 });
    const waitUntil = async (done: () => Promise<boolean>) => {
      const deadline = Date.now() + 5_000;
      while (!(await done()) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 25));
    };
    expect(await signpost.getFeatureFlag('u', 'soon-changed')).toBe(true);
    // The poller is running: unchanged definitions come back as 304s.
    await waitUntil(async () => (signpost.stats().definitions?.notModified ?? 0) >= 2);
    const before = signpost.stats().definitions;
    expect(before?.notModified).toBeGreaterThanOrEqual(2);

    await server.api('PATCH', `/api/projects/@current/feature_flags/${created.id}/`, {
      filters: { groups: [{ rollout_percentage: 0 }] },
    });
    await waitUntil(async () => (await signpost.getFeatureFlag('u', 'soon-changed')) === false);
    expect(await signpost.getFeatureFlag('u', 'soon-changed')).toBe(false);
    const after = signpost.stats().definitions;
    expect(after?.etag).not.toBe(before?.etag);
    expect(after?.requests).toBeGreaterThan(before?.requests ?? 0);
    await signpost.shutdown();
  });

  it('a flag created after the last poll is fetched from /flags rather than reported unknown', async () => {
    const { signpost, requests } = localClient();
    expect(await signpost.getFeatureFlag('u', 'everyone')).toBe(true);
    await server.createFlag({ key: 'brand-new', filters: { groups: [{ rollout_percentage: 100 }] } });
    expect(await signpost.getFeatureFlag('u', 'brand-new', { default: 'dflt' })).toBe(true);
    expect(requests.filter((r) => r.path === '/flags/')).toHaveLength(1);
    await signpost.shutdown();
  });

  it('reports a wrong personal key and still answers through /flags', async () => {
    const errors: SignpostError[] = [];
    const signpost = new Signpost(TEST_PROJECT_KEY, {
      host: server.url,
      personalApiKey: 'phx_wrong_key_000000',
      onError: (e) => errors.push(e),
    });
    expect(await signpost.getFeatureFlag('u', 'everyone')).toBe(true);
    expect(errors.map((e) => [e.code, e.status])).toContainEqual(['HTTP_ERROR', 401]);
    expect(signpost.stats().definitions).toMatchObject({ failures: 1, flagCount: 0 });
    await signpost.shutdown();
  });
});
