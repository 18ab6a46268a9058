import { type Client, ErrorCode, OpenFeature } from '@openfeature/server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestServer,
  TEST_PROJECT_KEY,
  type TestServer,
} from '../../../server/src/testing/test-server.ts';
import {
  createFlag,
  eventsNamed,
  eventually,
  startSilentHost,
} from '../frameworks/testing/server-fixtures.ts';
import { Signpost } from '../index.ts';
import { SignpostProvider } from './signpost-provider.ts';

const person = (key: string, value: string) => ({ key, value: [value], operator: 'exact', type: 'person' });

describe('SignpostProvider through the OpenFeature server SDK, against a real Signpost', () => {
  let server: TestServer;
  let signpost: Signpost;
  let features: Client;

  beforeAll(async () => {
    server = await startTestServer({ storage: 'memory' });
    signpost = new Signpost(TEST_PROJECT_KEY, { host: server.url, flushAt: 1000 });
    // Group flags need the group type to exist: the app's first groupIdentify creates it.
    signpost.groupIdentify({ groupType: 'company', groupKey: 'acme', properties: { tier: 'enterprise' } });
    await signpost.flush();
    await createFlag(server, {
      key: 'beta-features',
      filters: { groups: [{ properties: [person('plan', 'beta')] }] },
    });
    await createFlag(server, {
      key: 'timer-ui-experiment',
      filters: {
        groups: [
          { properties: [person('cohort', 'b')], variant: 'variant-b' },
          { properties: [person('cohort', 'a')], variant: 'control' },
        ],
        multivariate: {
          variants: [
            { key: 'control', rollout_percentage: 50 },
            { key: 'variant-b', rollout_percentage: 50 },
          ],
        },
      },
    });
    await createFlag(server, {
      key: 'dashboard-config',
      filters: { groups: [{}], payloads: { true: { theme: 'dark', enabled_widgets: ['timer'] } } },
    });
    await createFlag(server, { key: 'max-projects', filters: { groups: [{}], payloads: { true: 25 } } });
    await createFlag(server, {
      key: 'company-beta',
      filters: {
        aggregation_group_type_index: 0,
        groups: [
          {
            properties: [
              { key: 'tier', value: ['enterprise'], operator: 'exact', type: 'group', group_type_index: 0 },
            ],
          },
        ],
      },
    });
    await OpenFeature.setProviderAndWait('signpost-test', new SignpostProvider(signpost));
    features = OpenFeature.getClient('signpost-test');
  });

  afterAll(async () => {
    await OpenFeature.close();
    await signpost.shutdown();
    await server.stop();
  });

  it('resolves booleans from the targeting key and person attributes, with a reason', async () => {
    const on = await features.getBooleanDetails('beta-features', false, {
      targetingKey: 'ada',
      plan: 'beta',
    });
    expect(on).toMatchObject({ value: true, reason: 'TARGETING_MATCH', flagKey: 'beta-features' });
    expect(on.errorCode).toBeUndefined();
    const off = await features.getBooleanDetails('beta-features', true, {
      targetingKey: 'bob',
      plan: 'free',
    });
    expect(off).toMatchObject({ value: false, reason: 'DEFAULT' });
  });

  it('resolves strings to the variant, and to the caller default when no variant is assigned', async () => {
    const b = await features.getStringDetails('timer-ui-experiment', 'control', {
      targetingKey: 'u1',
      cohort: 'b',
    });
    expect(b).toMatchObject({ value: 'variant-b', variant: 'variant-b', reason: 'SPLIT' });
    const none = await features.getStringDetails('timer-ui-experiment', 'none', {
      targetingKey: 'u2',
      cohort: 'z',
    });
    expect(none).toMatchObject({ value: 'none', reason: 'DEFAULT' });
    expect(
      await features.getBooleanValue('timer-ui-experiment', false, { targetingKey: 'u1', cohort: 'a' }),
    ).toBe(true);
  });

  it('resolves numbers and objects from the flag payload', async () => {
    const context = { targetingKey: 'ada' };
    expect(await features.getNumberValue('max-projects', 5, context)).toBe(25);
    expect(await features.getObjectDetails('dashboard-config', {}, context)).toMatchObject({
      value: { theme: 'dark', enabled_widgets: ['timer'] },
      reason: 'TARGETING_MATCH',
    });
  });

  it('maps the `groups` and `groupProperties` attributes to group flags', async () => {
    const context = (tier: string) => ({
      targetingKey: 'ada',
      groups: { company: 'acme' },
      groupProperties: { company: { tier } },
    });
    expect(await features.getBooleanValue('company-beta', false, context('enterprise'))).toBe(true);
    expect(await features.getBooleanValue('company-beta', false, context('free'))).toBe(false);
  });

  it('answers the default with a standard error code when it cannot resolve', async () => {
    const cases = [
      [
        await features.getBooleanDetails('beta-features', true, { plan: 'beta' }),
        ErrorCode.TARGETING_KEY_MISSING,
        true,
      ],
      [
        await features.getBooleanDetails('no-such-flag', true, { targetingKey: 'ada' }),
        ErrorCode.FLAG_NOT_FOUND,
        true,
      ],
      [
        await features.getStringDetails('beta-features', 'x', { targetingKey: 'ada', plan: 'beta' }),
        ErrorCode.TYPE_MISMATCH,
        'x',
      ],
      [
        await features.getNumberDetails('dashboard-config', 7, { targetingKey: 'ada' }),
        ErrorCode.TYPE_MISMATCH,
        7,
      ],
      [
        await features.getBooleanDetails('company-beta', false, { targetingKey: 'ada', groups: ['acme'] }),
        ErrorCode.INVALID_CONTEXT,
        false,
      ],
    ] as const;
    for (const [details, code, fallback] of cases) {
      expect(details).toMatchObject({ value: fallback, reason: 'ERROR', errorCode: code });
    }
  });

  it('reports evaluations as $feature_flag_called and tracking calls as events', async () => {
    await features.getBooleanValue('beta-features', false, { targetingKey: 'grace', plan: 'beta' });
    features.track('export.csv', { targetingKey: 'grace' }, { value: 3, rows: 100 });
    await signpost.flush();
    const called = await eventually(async () =>
      (await eventsNamed(server, '$feature_flag_called')).find((e) => e.distinct_id === 'grace'),
    );
    expect(called.properties).toMatchObject({ $feature_flag: 'beta-features', $feature_flag_response: true });
    const [tracked] = await eventsNamed(server, 'export.csv');
    expect(tracked).toMatchObject({ distinct_id: 'grace', properties: { value: 3, rows: 100 } });
  });

  it('falls back to defaults within the timeout when Signpost hangs', async () => {
    const silent = await startSilentHost();
    const down = new Signpost(TEST_PROJECT_KEY, { host: silent.url, requestTimeoutMs: 300 });
    await OpenFeature.setProviderAndWait('signpost-down', new SignpostProvider(down));
    const started = performance.now();
    const details = await OpenFeature.getClient('signpost-down').getBooleanDetails('beta-features', true, {
      targetingKey: 'ada',
    });
    expect(details).toMatchObject({ value: true, reason: 'ERROR', errorCode: ErrorCode.FLAG_NOT_FOUND });
    expect(performance.now() - started).toBeLessThan(1_500);
    await down.shutdown(100);
    await silent.close();
  });
});
