import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../packages/server/src/testing/test-server.ts';
import { FeatureFlags } from './feature-flags.ts';
import { setupFlags } from './setup-flags.ts';
import { experimentAdmin, flagAdmin, setupAdmin } from './test-harness.ts';

// `npm run setup-flags`: the flags, and timer-ui-experiment as a launched experiment, made once.

const EXPERIMENT = FeatureFlags.TIMER_UI_EXPERIMENT;

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server?.stop();
});

async function definition(key: string) {
  const { flags } = await server.api<{
    flags: { key: string; active: boolean; has_experiment?: boolean; filters: Record<string, unknown> }[];
  }>('/flags/definitions');
  return flags.find((f) => f.key === key);
}

describe('setupFlags', () => {
  it('creates the flags, and creates and launches the experiment with its control/variant-b flag', async () => {
    const result = await setupFlags(setupAdmin(server));
    expect(result.created).toEqual([
      'new-dashboard',
      'beta-features',
      'dashboard-config',
      'new-timer-ui',
      'enable-exports',
      EXPERIMENT,
    ]);
    expect(result.launched).toEqual([EXPERIMENT]);
    expect(result.existing).toEqual([]);
    const experiment = await experimentAdmin(server).findByFlag(EXPERIMENT);
    expect(experiment).toMatchObject({ start_date: expect.any(String), end_date: null, archived: false });
    const flag = await definition(EXPERIMENT);
    expect(flag).toMatchObject({ active: true, has_experiment: true });
    expect(flag?.filters.multivariate).toMatchObject({
      variants: [
        { key: 'control', rollout_percentage: 50 },
        { key: 'variant-b', rollout_percentage: 50 },
      ],
    });
    expect(await definition('new-timer-ui')).toMatchObject({ has_experiment: false });
  });

  it('changes nothing on a rerun, even once the experiment was stopped', async () => {
    await setupFlags(setupAdmin(server));
    const experiments = experimentAdmin(server);
    const first = await experiments.findByFlag(EXPERIMENT);
    if (!first) throw new Error('no experiment');
    await experiments.update(first.id, { end_date: new Date().toISOString() });

    const rerun = await setupFlags(setupAdmin(server));
    expect(rerun.created).toEqual([]);
    expect(rerun.launched).toEqual([]);
    expect(rerun.existing).toContain(EXPERIMENT);
    expect(rerun.existing).toHaveLength(6);
    expect(await experiments.findByFlag(EXPERIMENT)).toMatchObject({
      id: first.id,
      end_date: expect.any(String),
    });
    expect(await definition(EXPERIMENT)).toMatchObject({ has_experiment: false });
  });

  it('starts the experiment on an existing timer-ui-experiment flag, which keeps its id and variants', async () => {
    const variants = [
      { key: 'control', rollout_percentage: 50 },
      { key: 'variant-b', rollout_percentage: 50 },
    ];
    const flag = await flagAdmin(server).create({
      key: EXPERIMENT,
      name: 'Made before experiments were set up',
      filters: { groups: [{ properties: [], rollout_percentage: 100 }], multivariate: { variants } },
    });
    expect(await definition(EXPERIMENT)).toMatchObject({ has_experiment: false });

    const result = await setupFlags(setupAdmin(server));
    expect(result.created).not.toContain(EXPERIMENT);
    expect(result.launched).toEqual([EXPERIMENT]);
    expect((await flagAdmin(server).find(EXPERIMENT))?.id).toBe(flag.id);
    expect(await definition(EXPERIMENT)).toMatchObject({ active: true, has_experiment: true });
  });
});
