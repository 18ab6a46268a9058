import { describe, expect, it } from 'vitest';
import type { SignpostClientApi } from '../client-api.ts';
import { bootstrapScript } from '../frontend/bootstrap-script.ts';
import { injectFeatureFlagsToFrontend } from '../frontend/inject-feature-flags.ts';
import { createTestClient } from './test-client.ts';

// An app's own code, written against SignpostClientApi, exercised with both flag states and no network.
async function exportRoute(signpost: SignpostClientApi, userId: string): Promise<number> {
  if (!(await signpost.getFeatureFlag(userId, 'enable-exports', { default: true }))) return 503;
  signpost.capture({ distinctId: userId, event: 'export.csv', properties: { rows: 100 } });
  return 200;
}

describe('createTestClient', () => {
  it('answers flags from the test and records events exactly as the real client builds them', async () => {
    const signpost = createTestClient({ flags: { 'enable-exports': true } });
    signpost.register({ environment: 'test' });
    expect(await exportRoute(signpost, 'ann')).toBe(200);
    expect(signpost.events).toHaveLength(1);
    expect(signpost.events[0]).toMatchObject({
      event: 'export.csv',
      distinct_id: 'ann',
      properties: { rows: 100, environment: 'test', $lib: 'signpost-node' },
    });

    signpost.setFlag('enable-exports', false);
    expect(await exportRoute(signpost, 'ann')).toBe(503);
    expect(signpost.eventsNamed('export.csv')).toHaveLength(1);
  });

  it('unknown flags and an unreachable Signpost give the caller its default', async () => {
    const signpost = createTestClient({ flags: { known: false } });
    expect(await exportRoute(signpost, 'ann')).toBe(200);
    signpost.setFlags({ 'enable-exports': false });
    signpost.setUnreachable(true);
    expect(await exportRoute(signpost, 'ann')).toBe(200);
    expect(await signpost.isFeatureEnabled('ann', 'known')).toBeUndefined();
    expect(await signpost.getAllFlags('ann')).toEqual({});
  });

  it('per-user flags, payloads, experiments, interactions and reset()', async () => {
    const signpost = createTestClient({
      flags: {
        'beta-features': (id) => id === 'admin',
        'timer-ui-experiment': (id) => (id.length % 2 === 0 ? 'control' : 'variant-b'),
        'dashboard-config': true,
      },
      payloads: { 'dashboard-config': { theme: 'dark' }, 'beta-features': { level: 2 } },
    });
    expect(await signpost.isFeatureEnabled('admin', 'beta-features')).toBe(true);
    expect(await signpost.isFeatureEnabled('bob', 'beta-features')).toBe(false);
    expect(await signpost.getFeatureFlagPayload('bob', 'beta-features')).toBeUndefined();
    expect(await signpost.getFeatureFlagPayload('admin', 'beta-features')).toEqual({ level: 2 });
    expect(await signpost.getAllFlagsAndPayloads('admin')).toEqual({
      flags: { 'beta-features': true, 'timer-ui-experiment': 'variant-b', 'dashboard-config': true },
      payloads: { 'dashboard-config': { theme: 'dark' }, 'beta-features': { level: 2 } },
    });
    expect(await signpost.getActiveExperiments('ab')).toEqual({ 'timer-ui-experiment': 'control' });

    await signpost.trackFeatureFlagInteraction('ab', 'timer-ui-experiment', 'clicked', { n: 1 });
    expect(signpost.eventsNamed('$feature_interaction')[0]?.properties).toMatchObject({
      $feature_flag: 'timer-ui-experiment',
      $feature_flag_response: 'control',
      action: 'clicked',
      n: 1,
    });

    signpost.identify({ distinctId: 'ab', set: { role: 'admin' }, setOnce: { first_login: 'x' } });
    signpost.alias({ distinctId: 'ab', alias: 'anon-1' });
    signpost.groupIdentify({
      groupType: 'platform',
      groupKey: 'Linux',
      properties: { platform_name: 'Linux' },
    });
    expect(signpost.events.map((e) => [e.event, e.distinct_id])).toEqual([
      ['$feature_interaction', 'ab'],
      ['$identify', 'ab'],
      ['$create_alias', 'ab'],
      ['$groupidentify', '$platform_Linux'],
    ]);

    signpost.setFlag('dashboard-config', undefined);
    expect(await signpost.getFeatureFlag('ab', 'dashboard-config', { default: 'dflt' })).toBe('dflt');
    signpost.reset();
    expect(signpost.events).toEqual([]);
    expect(await signpost.getFeatureFlag('ab', 'dashboard-config')).toBe(true);
  });

  it('records $feature_flag_called when asked, once per user, flag and value', async () => {
    const signpost = createTestClient({ flags: { f: true }, recordFeatureFlagCalls: true });
    await signpost.getFeatureFlag('u', 'f');
    await signpost.getFeatureFlag('u', 'f');
    await signpost.getFeatureFlag('u', 'f', { sendFeatureFlagEvents: false });
    signpost.setFlag('f', false);
    await signpost.getFeatureFlag('u', 'f');
    expect(
      signpost.eventsNamed('$feature_flag_called').map((e) => e.properties.$feature_flag_response),
    ).toEqual([true, false]);
  });

  it('feeds the frontend helpers like the real client', async () => {
    const signpost = createTestClient({
      flags: { 'new-timer-ui': true, secret: 'x' },
      payloads: { secret: 1 },
    });
    const data = await injectFeatureFlagsToFrontend(signpost, 'ann', { only: ['new-timer-ui'] });
    expect(data).toEqual({ flags: { 'new-timer-ui': true }, payloads: {}, distinctId: 'ann' });
    expect(bootstrapScript(data)).toBe(
      '<script>window["featureFlags"] = {"featureFlags":{"new-timer-ui":true},"featureFlagPayloads":{},"distinctID":"ann"};</script>',
    );
  });
});
