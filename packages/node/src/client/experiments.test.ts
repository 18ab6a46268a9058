import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SdkTestServer,
  startSdkTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
} from '../test-support/sdk-test-server.ts';
import { serverFlags } from '../test-support/server-flags.ts';
import { Signpost } from './signpost.ts';

// The guide's experiments: which variant each user is in, and interactions tagged with it.

let server: SdkTestServer;
const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  server = await startSdkTestServer();
  const variants = [
    { key: 'control', rollout_percentage: 50 },
    { key: 'variant-b', rollout_percentage: 50 },
  ];
  await server.createFlag({
    key: 'timer-ui-experiment',
    filters: { groups: [{ rollout_percentage: 100 }], multivariate: { variants } },
  });
  await server.createFlag({
    key: 'half-experiment',
    filters: { groups: [{ rollout_percentage: 50 }], multivariate: { variants } },
  });
  await server.createFlag({ key: 'plain-boolean', filters: { groups: [{ rollout_percentage: 100 }] } });
  await server.createFlag({
    key: 'paused-experiment',
    active: false,
    filters: { groups: [{ rollout_percentage: 100 }], multivariate: { variants } },
  });
});
afterAll(async () => {
  await server?.stop();
});

/** What the guide expects for this user: every multivariate flag that handed them a variant. */
async function expectedExperiments(id: string): Promise<Record<string, string>> {
  const { flags } = await serverFlags(server.url, id);
  return Object.fromEntries(
    Object.entries(flags).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

describe.each([
  ['remote', {}],
  ['local', { personalApiKey: TEST_PERSONAL_KEY }],
])('experiments (%s evaluation)', (_mode, extra) => {
  it('getActiveExperiments returns { flagKey: variant } for the running multivariate flags', async () => {
    const signpost = new Signpost(TEST_PROJECT_KEY, { host: server.url, flushAt: 1_000, ...extra });
    let inHalf = 0;
    for (let i = 0; i < 30; i++) {
      const id = `exp-user-${i}`;
      const experiments = await signpost.getActiveExperiments(id);
      expect(experiments, id).toEqual(await expectedExperiments(id));
      expect(['control', 'variant-b']).toContain(experiments['timer-ui-experiment']);
      expect(experiments).not.toHaveProperty('plain-boolean');
      expect(experiments).not.toHaveProperty('paused-experiment');
      if ('half-experiment' in experiments) inHalf++;
    }
    expect(inHalf).toBeGreaterThan(3);
    expect(inHalf).toBeLessThan(27);
    await signpost.shutdown();
  });

  it('trackFeatureFlagInteraction records $feature_interaction with the variant, action and properties', async () => {
    const signpost = new Signpost(TEST_PROJECT_KEY, { host: server.url, flushAt: 1_000, ...extra });
    const id = unique('interaction');
    const variant = (await expectedExperiments(id))['timer-ui-experiment'];
    await signpost.trackFeatureFlagInteraction(id, 'timer-ui-experiment', 'clicked_export_button', {
      export_type: 'csv',
      rows: 100,
    });
    await signpost.shutdown();
    const [event] = await server.waitForEvents({ event: '$feature_interaction', distinct_id: id }, 1);
    expect(event?.properties).toMatchObject({
      $feature_flag: 'timer-ui-experiment',
      $feature_flag_response: variant,
      action: 'clicked_export_button',
      export_type: 'csv',
      rows: 100,
    });
    // No exposure event from the interaction itself; the person remembers the interaction.
    expect(await server.events({ event: '$feature_flag_called', distinct_id: id })).toEqual([]);
    const persons = await server.api<{ results: Array<{ properties: Record<string, unknown> }> }>(
      'GET',
      `/api/projects/@current/persons/?${new URLSearchParams({ distinct_id: id })}`,
    );
    expect(persons.results[0]?.properties['$feature_interaction/timer-ui-experiment']).toBe(true);
  });

  it('reports each experiment a user is shown as one $feature_flag_called', async () => {
    const signpost = new Signpost(TEST_PROJECT_KEY, { host: server.url, flushAt: 1_000, ...extra });
    const id = unique('exposure');
    const experiments = await signpost.getActiveExperiments(id);
    await signpost.getActiveExperiments(id);
    await signpost.shutdown();
    const events = await server.waitForEvents(
      { event: '$feature_flag_called', distinct_id: id },
      Object.keys(experiments).length,
    );
    expect(
      Object.fromEntries(
        events.map((e) => [e.properties.$feature_flag, e.properties.$feature_flag_response]),
      ),
    ).toEqual(experiments);
  });
});
