import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../packages/server/src/testing/test-server.ts';
import type { AnalyticsSdk } from './config.ts';
import { FeatureFlags } from './feature-flags.ts';
import { setupFlags } from './setup-flags.ts';
import {
  AppUser,
  experimentAdmin,
  flagAdmin,
  serverFlags,
  setupAdmin,
  startApp,
  storedEvents,
} from './test-harness.ts';
import type { RunningTimetracker } from './timetracker.ts';

const EXPERIMENT = FeatureFlags.TIMER_UI_EXPERIMENT;
const PEOPLE = Array.from({ length: 16 }, (_, i) => `tester${i}`);
// Both hand every user a variant, but neither is a running experiment.
const PLAIN = 'plain-multivariate';
const STOPPED = 'stopped-experiment';
const SPLIT = {
  groups: [{ properties: [], rollout_percentage: 100 }],
  multivariate: {
    variants: [
      { key: 'control', rollout_percentage: 50 },
      { key: 'test', rollout_percentage: 50 },
    ],
  },
};

describe.each<[AnalyticsSdk, boolean]>([
  ['signpost', false],
  ['signpost', true],
  ['posthog-node', false],
  ['posthog-node', true],
])('timer-ui-experiment with %s (local evaluation: %s)', (sdk, local) => {
  let server: TestServer;
  let app: RunningTimetracker;
  const variants = new Map<string, string>();

  beforeAll(async () => {
    server = await startTestServer();
    await setupFlags(setupAdmin(server));
    await flagAdmin(server).create({ key: PLAIN, name: 'Variants, no experiment', filters: SPLIT });
    const stopped = await experimentAdmin(server).create({
      name: 'Stopped',
      feature_flag_key: STOPPED,
      start_date: new Date(Date.now() - 60_000).toISOString(),
    });
    await experimentAdmin(server).update(stopped.id, { end_date: new Date().toISOString() });
    app = await startApp(server.url, { sdk, local });
    for (const [i, username] of PEOPLE.entries()) {
      app.users.add({
        id: `u-${username}`,
        username,
        email: `${username}@example.com`,
        role: 'user',
        signupMethod: i % 2 ? 'oidc' : 'local',
        password: username,
      });
    }
  });
  afterAll(async () => {
    await app?.stop();
    await server?.stop();
  });

  it('gives each user one stable variant, the one the server computes, and splits users between both', async () => {
    for (const username of PEOPLE) {
      const user = new AppUser(app.url);
      await user.login(username);
      const seen = new Set<string | undefined>();
      for (let i = 0; i < 3; i++) {
        const experiments = (await user.get('/api/experiments')).json<Record<string, string>>();
        expect(Object.keys(experiments), username).toEqual([EXPERIMENT]);
        seen.add(experiments[EXPERIMENT]);
      }
      expect(seen.size, username).toBe(1);
      const [variant] = [...seen];
      const answer = await serverFlags(server, `u-${username}`);
      expect(answer[EXPERIMENT]).toBe(variant);
      // The app lists the experiment only: the other flags gave this user a variant too.
      expect(['control', 'test']).toContain(answer[PLAIN]);
      expect(['control', 'test']).toContain(answer[STOPPED]);
      variants.set(username, variant ?? '');
    }
    expect(new Set(variants.values())).toEqual(new Set(['control', 'variant-b']));
  });

  it('stores the interaction event and the variant on timer.started', async () => {
    const username = PEOPLE[3] ?? '';
    const user = new AppUser(app.url);
    await user.login(username);
    const project = (await user.post('/api/projects', { name: 'Experiment' })).json<{ id: string }>();
    expect((await user.post('/api/timer/start', { projectId: project.id })).status).toBe(201);
    await app.analytics.flush();
    const variant = variants.get(username);
    const [interaction] = await storedEvents(server, {
      event: '$feature_interaction',
      distinct_id: `u-${username}`,
    });
    expect(interaction?.properties).toMatchObject({
      $feature_flag: EXPERIMENT,
      $feature_flag_response: variant,
      action: 'started_timer',
      project_id: project.id,
    });
    const [started] = await storedEvents(server, { event: 'timer.started', distinct_id: `u-${username}` });
    expect(started?.properties[`$feature/${EXPERIMENT}`]).toBe(variant);
    const called = await storedEvents(server, {
      event: '$feature_flag_called',
      distinct_id: `u-${username}`,
    });
    expect(called.some((e) => e.properties.$feature_flag === EXPERIMENT)).toBe(true);
    // Exposures are reported for experiments only, not for every flag with variants.
    expect(called.some((e) => e.properties.$feature_flag === PLAIN)).toBe(false);
  });
});
