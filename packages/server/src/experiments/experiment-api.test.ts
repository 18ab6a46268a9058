import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../testing/api-client.ts';
import { type InProcess, inProcess } from '../testing/in-process.ts';

const BASE = '/api/projects/@current/experiments/';
const FLAGS = '/api/projects/@current/feature_flags/';
const conversion = (event: string) => ({ metric_type: 'funnel', series: [{ event }] });

let server: InProcess;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  server = await inProcess('duckdb');
  api = apiClient(server.signpost);
});
afterAll(async () => {
  await server?.stop();
});

const flagOf = async (key: string) => {
  const list = await api.get(`${FLAGS}?search=${key}`);
  return (
    list.json.results as { key: string; active: boolean; filters: Record<string, unknown>; id: number }[]
  ).find((f) => f.key === key);
};
const definitionOf = async (key: string) => {
  const defs = await server.api<{ flags: { key: string; has_experiment?: boolean }[] }>('/flags/definitions');
  return defs.flags.find((f) => f.key === key);
};

describe('experiments API', () => {
  it('creates an experiment with a new inactive multivariate flag, and reads it back', async () => {
    const res = await api.post(BASE, {
      name: 'Timer UI',
      description: 'Does the new timer help?',
      feature_flag_key: 'timer-ui-experiment',
      parameters: {
        feature_flag_variants: [
          { key: 'control', rollout_percentage: 50 },
          { key: 'variant-b', rollout_percentage: 50 },
        ],
      },
      metrics: [{ ...conversion('export.csv'), conversion_window: 7 }],
      metrics_secondary: [{ metric_type: 'mean', source: { event: 'timer.started' } }],
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      name: 'Timer UI',
      status: 'draft',
      start_date: null,
      feature_flag_key: 'timer-ui-experiment',
      feature_flag: { key: 'timer-ui-experiment', active: false },
      stats_config: { method: 'frequentist' },
    });
    const metrics = res.json.metrics as { uuid: string; conversion_window: number }[];
    expect(metrics[0]?.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(metrics[0]?.conversion_window).toBe(7);
    const flag = await flagOf('timer-ui-experiment');
    expect(flag?.filters.multivariate).toEqual({
      variants: [
        { key: 'control', rollout_percentage: 50 },
        { key: 'variant-b', rollout_percentage: 50 },
      ],
    });
    expect((await api.get(`${BASE}${res.json.id}/`)).json.name).toBe('Timer UI');
    const list = await api.get(BASE);
    expect((list.json.results as { id: number }[]).map((e) => e.id)).toContain(res.json.id);
    expect(await definitionOf('timer-ui-experiment')).toMatchObject({ has_experiment: false });
  });

  it('links an existing multivariate flag, refuses a boolean one and a flag already in use', async () => {
    await api.post(FLAGS, {
      key: 'linked-mv',
      filters: {
        groups: [{ rollout_percentage: 100 }],
        multivariate: {
          variants: [
            { key: 'control', rollout_percentage: 34 },
            { key: 'a', rollout_percentage: 33 },
            { key: 'b', rollout_percentage: 33 },
          ],
        },
      },
    });
    await api.post(FLAGS, { key: 'plain-bool', filters: { groups: [{ rollout_percentage: 100 }] } });
    const linked = await api.post(BASE, { name: 'Three arms', feature_flag_key: 'linked-mv' });
    expect(linked.status).toBe(201);
    expect(linked.json.parameters).toEqual({
      feature_flag_variants: [
        { key: 'control', rollout_percentage: 34 },
        { key: 'a', rollout_percentage: 33 },
        { key: 'b', rollout_percentage: 33 },
      ],
    });
    expect((await flagOf('linked-mv'))?.active).toBe(true);

    const boolean = await api.post(BASE, { name: 'Nope', feature_flag_key: 'plain-bool' });
    expect(boolean.status).toBe(400);
    expect(boolean.json).toMatchObject({
      code: 'EXPERIMENT_FLAG_NOT_MULTIVARIATE',
      attr: 'feature_flag_key',
    });

    const again = await api.post(BASE, { name: 'Twice', feature_flag_key: 'linked-mv' });
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({ code: 'EXPERIMENT_FLAG_IN_USE', attr: 'feature_flag_key' });
  });

  it.each([
    [{ feature_flag_key: 'x1' }, 'INVALID_BODY', 'name'],
    [{ name: 'n', feature_flag_key: 'bad key!' }, 'INVALID_BODY', 'feature_flag_key'],
    [
      {
        name: 'n',
        feature_flag_key: 'x2',
        parameters: {
          feature_flag_variants: [
            { key: 'a', rollout_percentage: 50 },
            { key: 'b', rollout_percentage: 50 },
          ],
        },
      },
      'INVALID_EXPERIMENT',
      'parameters.feature_flag_variants',
    ],
    [
      {
        name: 'n',
        feature_flag_key: 'x3',
        parameters: {
          feature_flag_variants: [
            { key: 'control', rollout_percentage: 50 },
            { key: 'test', rollout_percentage: 40 },
          ],
        },
      },
      'INVALID_EXPERIMENT',
      'parameters.feature_flag_variants',
    ],
    [
      {
        name: 'n',
        feature_flag_key: 'x4',
        metrics: [{ metric_type: 'mean', source: { event: 'e', math: 'sum' } }],
      },
      'INVALID_BODY',
      'metrics.0.source.math_property',
    ],
    [
      { name: 'n', feature_flag_key: 'x5', metrics: [{ metric_type: 'funnel', series: [] }] },
      'INVALID_BODY',
      'metrics.0.series',
    ],
    [
      { name: 'n', feature_flag_key: 'x6', end_date: '2025-01-01T00:00:00Z' },
      'INVALID_EXPERIMENT',
      'end_date',
    ],
  ])('refuses %j with %s on %s', async (body, code, attr) => {
    const res = await api.post(BASE, body);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ type: 'validation_error', code, attr });
    expect(await flagOf(String(body.feature_flag_key))).toBeUndefined();
  });

  it('launches, stops, archives and deletes; the flag is marked running only while launched', async () => {
    const created = await api.post(BASE, {
      name: 'Lifecycle',
      feature_flag_key: 'lifecycle-exp',
      holdout: { exclusion_percentage: 10 },
    });
    const id = created.json.id;
    const results = await api.get(`${BASE}${id}/results/`);
    expect(results.status).toBe(400);
    expect(results.json).toMatchObject({ code: 'EXPERIMENT_NOT_LAUNCHED' });
    expect((await flagOf('lifecycle-exp'))?.filters.holdout).toEqual({ id, exclusion_percentage: 10 });

    const launched = await api.patch(`${BASE}${id}/`, { start_date: new Date().toISOString() });
    expect(launched.json).toMatchObject({ status: 'running', feature_flag: { active: true } });
    expect(await definitionOf('lifecycle-exp')).toMatchObject({ has_experiment: true });

    const reshape = await api.patch(`${BASE}${id}/`, {
      parameters: {
        feature_flag_variants: [
          { key: 'control', rollout_percentage: 90 },
          { key: 'test', rollout_percentage: 10 },
        ],
      },
    });
    expect(reshape.status).toBe(400);
    expect(reshape.json).toMatchObject({ code: 'INVALID_EXPERIMENT', attr: 'parameters' });

    const stopped = await api.patch(`${BASE}${id}/`, { end_date: new Date().toISOString() });
    expect(stopped.json.status).toBe('complete');
    expect(await definitionOf('lifecycle-exp')).toMatchObject({ has_experiment: false });

    await api.patch(`${BASE}${id}/`, { end_date: null });
    expect(await definitionOf('lifecycle-exp')).toMatchObject({ has_experiment: true });
    const archived = await api.patch(`${BASE}${id}/`, { archived: true });
    expect(archived.json.archived).toBe(true);
    expect(await definitionOf('lifecycle-exp')).toMatchObject({ has_experiment: false });
    const listed = await api.get(`${BASE}?archived=false`);
    expect((listed.json.results as { id: number }[]).map((e) => e.id)).not.toContain(id);

    expect((await api.delete(`${BASE}${id}/`)).status).toBe(204);
    const gone = await api.get(`${BASE}${id}/`);
    expect(gone.status).toBe(404);
    expect(gone.json).toMatchObject({ code: 'EXPERIMENT_NOT_FOUND' });
    expect(await flagOf('lifecycle-exp')).toBeDefined();
  });

  it('writes experiments through to the DuckDB store', async () => {
    const created = await api.post(BASE, { name: 'Durable', feature_flag_key: 'durable-exp' });
    const rows = await server.storage.experiments.listExperiments();
    expect(rows.find((e) => e.id === created.json.id)).toMatchObject({
      name: 'Durable',
      flagKey: 'durable-exp',
    });
  });
});
