import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingFetch } from '../test-support/recording-fetch.ts';
import { type SdkTestServer, startSdkTestServer, TEST_PROJECT_KEY } from '../test-support/sdk-test-server.ts';
import { serverFlags } from '../test-support/server-flags.ts';
import type { SignpostError } from './sdk-error.ts';
import { Signpost } from './signpost.ts';

// Flags without a personal key: every read is a `POST /flags?v=2` to a real Signpost.

let server: SdkTestServer;
const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  server = await startSdkTestServer();
  await server.createFlag({
    key: 'dashboard-config',
    filters: {
      groups: [{ rollout_percentage: 100 }],
      payloads: { true: JSON.stringify({ theme: 'dark', enabled_widgets: ['timer', 'reports'] }) },
    },
  });
  await server.createFlag({
    key: 'admins-only',
    filters: { groups: [{ properties: [{ key: 'is_admin', type: 'person', value: ['true'] }] }] },
  });
  await server.createFlag({
    key: 'timer-ui',
    filters: {
      groups: [{ rollout_percentage: 100 }],
      multivariate: {
        variants: [
          { key: 'control', rollout_percentage: 50 },
          { key: 'variant-b', rollout_percentage: 50 },
        ],
      },
      payloads: { control: '"classic"', 'variant-b': '{"compact":true}' },
    },
  });
  await server.createFlag({ key: 'nobody', filters: { groups: [{ rollout_percentage: 0 }] } });
});
afterAll(async () => {
  await server?.stop();
});

function client() {
  const recorder = recordingFetch();
  const errors: SignpostError[] = [];
  const signpost = new Signpost(TEST_PROJECT_KEY, {
    host: server.url,
    flushAt: 1_000,
    fetch: recorder.fetch,
    onError: (e) => errors.push(e),
  });
  return { signpost, requests: recorder.requests, errors };
}

describe('remote flags', () => {
  it('reads values, variants and parsed payloads as the server evaluates them', async () => {
    const { signpost, requests, errors } = client();
    const id = unique('remote');
    const reference = await serverFlags(server.url, id, { personProperties: { is_admin: true } });
    const variant = reference.flags['timer-ui'];
    expect(['control', 'variant-b']).toContain(variant);

    expect(await signpost.getFeatureFlag(id, 'dashboard-config')).toBe(true);
    expect(await signpost.getFeatureFlagPayload(id, 'dashboard-config')).toEqual({
      theme: 'dark',
      enabled_widgets: ['timer', 'reports'],
    });
    expect(await signpost.getFeatureFlag(id, 'timer-ui')).toBe(variant);
    expect(await signpost.getFeatureFlagPayload(id, 'timer-ui')).toEqual(
      variant === 'control' ? 'classic' : { compact: true },
    );
    expect(await signpost.getFeatureFlag(id, 'nobody', { default: true })).toBe(false);
    expect(await signpost.isFeatureEnabled(id, 'nobody')).toBe(false);
    expect(await signpost.getFeatureFlagPayload(id, 'nobody')).toBeUndefined();
    expect(await signpost.isFeatureEnabled(id, 'admins-only')).toBe(false);
    expect(await signpost.isFeatureEnabled(id, 'admins-only', { personProperties: { is_admin: true } })).toBe(
      true,
    );

    expect(await signpost.getAllFlagsAndPayloads(id, { personProperties: { is_admin: true } })).toEqual(
      reference,
    );
    expect(await signpost.getAllFlags(id, { personProperties: { is_admin: true } })).toEqual(reference.flags);
    expect(errors).toEqual([]);

    const flagRequests = requests.filter((r) => r.path === '/flags/');
    // One request per read: 9 single-flag reads, then getAllFlagsAndPayloads and getAllFlags.
    expect(flagRequests).toHaveLength(11);
    const first = flagRequests[0];
    expect(first?.headers.authorization).toBeUndefined();
    expect(JSON.parse(first?.body ?? '{}')).toEqual({
      token: TEST_PROJECT_KEY,
      distinct_id: id,
      groups: {},
      person_properties: {},
      group_properties: {},
      flag_keys_to_evaluate: ['dashboard-config'],
      evaluation_runtime: 'server',
      include_inactive_flags: true,
    });
    expect(JSON.parse(flagRequests.at(-1)?.body ?? '{}').flag_keys_to_evaluate).toBeUndefined();
    await signpost.shutdown();
  });

  it('returns the default for a flag the server does not know, and undefined without one', async () => {
    const { signpost, errors } = client();
    expect(await signpost.getFeatureFlag('u', 'no-such-flag', { default: true })).toBe(true);
    expect(await signpost.getFeatureFlag('u', 'no-such-flag', { default: 'variant-x' })).toBe('variant-x');
    expect(await signpost.getFeatureFlag('u', 'no-such-flag')).toBeUndefined();
    expect(await signpost.isFeatureEnabled('u', 'no-such-flag')).toBeUndefined();
    expect(errors).toEqual([]);
    await signpost.shutdown();
  });

  it('reads a switched-off kill switch as false even with default: true; an unknown flag still gets the default', async () => {
    const key = unique('enable-exports');
    const flag = await server.createFlag({ key, filters: { groups: [{ rollout_percentage: 100 }] } });
    const { signpost, errors } = client();
    expect(await signpost.getFeatureFlag('u', key, { default: true })).toBe(true);
    await server.api('PATCH', `/api/projects/@current/feature_flags/${flag.id}/`, { active: false });
    expect(await signpost.getFeatureFlag('u', key, { default: true })).toBe(false);
    expect(await signpost.isFeatureEnabled('u', key, { default: true })).toBe(false);
    expect((await signpost.getAllFlags('u'))[key]).toBe(false);
    expect(await signpost.getFeatureFlag('u', unique('never-created'), { default: true })).toBe(true);
    expect(errors).toEqual([]);
    await signpost.shutdown();
  });

  it('sends $feature_flag_called once per (user, flag, value), with the reason, and never when asked not to', async () => {
    const { signpost } = client();
    const id = unique('called');
    for (let i = 0; i < 3; i++) await signpost.getFeatureFlag(id, 'admins-only');
    await signpost.getFeatureFlag(id, 'admins-only', { personProperties: { is_admin: true } });
    await signpost.getFeatureFlag(id, 'dashboard-config', { sendFeatureFlagEvents: false });
    await signpost.getFeatureFlagPayload(id, 'dashboard-config');
    await signpost.getFeatureFlag(id, 'no-such-flag', { default: true });
    await signpost.flush();

    const events = await server.waitForEvents({ event: '$feature_flag_called', distinct_id: id }, 2);
    const byValue = Object.fromEntries(
      events.map((e) => [String(e.properties.$feature_flag_response), e.properties]),
    );
    expect(events).toHaveLength(2);
    expect(byValue.false).toMatchObject({
      $feature_flag: 'admins-only',
      $feature_flag_response: false,
      '$feature/admins-only': false,
      locally_evaluated: false,
      $feature_flag_reason: 'No matching condition set',
      $lib: 'signpost-node',
    });
    expect(byValue.true).toMatchObject({
      $feature_flag_response: true,
      $feature_flag_reason: 'Matched condition set 1',
      $feature_flag_version: expect.any(Number),
      $feature_flag_id: expect.any(Number),
    });
    await signpost.shutdown();
  });

  it('evaluates group flags with the groups and group properties passed', async () => {
    const { signpost } = client();
    signpost.groupIdentify({ groupType: 'company', groupKey: 'acme', properties: { plan: 'free' } });
    await signpost.flush();
    await server.createFlag({
      key: 'enterprise-companies',
      filters: {
        aggregation_group_type_index: 0,
        groups: [{ properties: [{ key: 'plan', type: 'group', group_type_index: 0, value: 'enterprise' }] }],
      },
    });
    const id = unique('group');
    expect(await signpost.getFeatureFlag(id, 'enterprise-companies', { default: 'none' })).toBe(false);
    const asEnterprise = {
      groups: { company: 'acme' },
      groupProperties: { company: { plan: 'enterprise' } },
    };
    expect(await signpost.getFeatureFlag(id, 'enterprise-companies', asEnterprise)).toBe(true);
    expect(await signpost.getFeatureFlag(id, 'enterprise-companies', { groups: { company: 'acme' } })).toBe(
      false,
    );
    await signpost.shutdown();
  });
});
