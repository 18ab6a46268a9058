import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SdkTestServer,
  startSdkTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
} from '../test-support/sdk-test-server.ts';
import { Signpost } from './signpost.ts';

// The guide's experiments: which variant each user is in, and interactions tagged with it.

let server: SdkTestServer;
const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

const EXPERIMENTS = '/api/projects/@current/experiments/';
const variants = [
  { key: 'control', rollout_percentage: 50 },
  { key: 'variant-b', rollout_percentage: 50 },
];

async function createExperiment(body: Record<string, unknown>): Promise<number> {
  return (await server.api<{ id: number }>('POST', EXPERIMENTS, body)).id;
}
async function patchExperiment(id: number, body: Record<string, unknown>): Promise<void> {
  await server.api('PATCH', `${EXPERIMENTS}${id}/`, body);
}

beforeAll(async () => {
  server = await startSdkTestServer();
  // A new flag made by the experiments API, then launched.
  const timerUi = await createExperiment({
    name: 'Timer UI',
    feature_flag_key: 'timer-ui-experiment',
    parameters: { feature_flag_variants: variants },
  });
  await patchExperiment(timerUi, { start_date: new Date().toISOString() });
  // An existing flag (half the users) linked to an experiment that starts at once.
  await server.createFlag({
    key: 'half-experiment',
    filters: { groups: [{ rollout_percentage: 50 }], multivariate: { variants } },
  });
  await createExperiment({
    name: 'Half',
    feature_flag_key: 'half-experiment',
    start_date: new Date().toISOString(),
  });
  // Hands out variants, but runs no experiment.
  await server.createFlag({
    key: 'plain-multivariate',
    filters: { groups: [{ rollout_percentage: 100 }], multivariate: { variants } },
  });
  await server.createFlag({ key: 'plain-boolean', filters: { groups: [{ rollout_percentage: 100 }] } });
  // Launched, then stopped: its flag stays on and keeps handing out variants.
  const stopped = await createExperiment({
    name: 'Stopped',
    feature_flag_key: 'stopped-experiment',
    parameters: { feature_flag_variants: variants },
    start_date: new Date(Date.now() - 60_000).toISOString(),
  });
  await patchExperiment(stopped, { end_date: new Date().toISOString() });
  // A draft: its new flag stays inactive until launch.
  await createExperiment({ name: 'Draft', feature_flag_key: 'draft-experiment' });
});
afterAll(async () => {
  await server?.stop();
});

/** The server's own `/flags?v=2` answer: each flag's value for this user, and which flags run an experiment. */
async function serverAnswer(id: string): Promise<{ values: Record<string, unknown>; marked: string[] }> {
  const response = await fetch(`${server.url}/flags/?v=2`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: TEST_PROJECT_KEY, distinct_id: id }),
  });
  const body = (await response.json()) as {
    flags: Record<
      string,
      { enabled: boolean; variant: string | null; metadata: { has_experiment?: boolean } }
    >;
  };
  const entries = Object.entries(body.flags);
  return {
    values: Object.fromEntries(entries.map(([key, f]) => [key, f.enabled ? (f.variant ?? true) : false])),
    marked: entries.filter(([, f]) => f.metadata.has_experiment === true).map(([key]) => key),
  };
}

/** What the guide expects for this user: the running experiments that handed them a variant. */
async function expectedExperiments(id: string): Promise<Record<string, string>> {
  const { values, marked } = await serverAnswer(id);
  return Object.fromEntries(
    marked.flatMap((key) => (typeof values[key] === 'string' ? [[key, values[key]]] : [])),
  );
}

describe.each([
  ['remote', {}],
  ['local', { personalApiKey: TEST_PERSONAL_KEY }],
])('experiments (%s evaluation)', (_mode, extra) => {
  it('getActiveExperiments returns { flagKey: variant } for the running experiments only', async () => {
    const signpost = new Signpost(TEST_PROJECT_KEY, { host: server.url, flushAt: 1_000, ...extra });
    let inHalf = 0;
    for (let i = 0; i < 30; i++) {
      const id = `exp-user-${i}`;
      const experiments = await signpost.getActiveExperiments(id);
      expect(experiments, id).toEqual(await expectedExperiments(id));
      expect(['control', 'variant-b']).toContain(experiments['timer-ui-experiment']);
      // These two hand this user a variant too, yet run no experiment (any more).
      const { values } = await serverAnswer(id);
      expect(['control', 'variant-b']).toContain(values['plain-multivariate']);
      expect(['control', 'variant-b']).toContain(values['stopped-experiment']);
      expect(experiments).not.toHaveProperty('plain-multivariate');
      expect(experiments).not.toHaveProperty('stopped-experiment');
      expect(experiments).not.toHaveProperty('draft-experiment');
      expect(experiments).not.toHaveProperty('plain-boolean');
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
