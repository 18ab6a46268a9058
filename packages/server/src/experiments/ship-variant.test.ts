import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../testing/api-client.ts';
import { type InProcess, inProcess } from '../testing/in-process.ts';
import { variantFor } from './results/experiment-seeding.ts';

const BASE = '/api/projects/@current/experiments/';
const USERS = Array.from({ length: 60 }, (_, i) => `ship-user-${i}`);

let server: InProcess;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  server = await inProcess('duckdb');
  api = apiClient(server.signpost);
});
afterAll(async () => {
  await server?.stop();
});

const answers = async (key: string) =>
  new Set(await Promise.all(USERS.map((u) => variantFor(server, key, u))));

describe('POST …/experiments/:id/ship_variant/', () => {
  it('rolls the flag to 100% of the variant for every user, ends the experiment and logs it on the flag', async () => {
    const created = await api.post(BASE, {
      name: 'Ship me',
      feature_flag_key: 'ship-exp',
      start_date: new Date().toISOString(),
      holdout: { exclusion_percentage: 20 },
      parameters: {
        feature_flag_variants: [
          { key: 'control', rollout_percentage: 34 },
          { key: 'test', rollout_percentage: 33 },
          { key: 'other', rollout_percentage: 33 },
        ],
      },
    });
    const id = created.json.id;
    expect(await answers('ship-exp')).toEqual(new Set(['control', 'test', 'other', `holdout-${id}`]));

    const shipped = await api.post(`${BASE}${id}/ship_variant/`, { variant: 'test' });
    expect(shipped.status).toBe(200);
    expect(shipped.json).toMatchObject({ status: 'complete', shipped_variant: 'test' });
    expect(shipped.json.end_date).not.toBeNull();
    expect(await answers('ship-exp')).toEqual(new Set(['test']));

    const flagId = (shipped.json.feature_flag as { id: number }).id;
    const activity = await api.get(`/api/projects/@current/feature_flags/${flagId}/activity/`);
    const latest = (
      activity.json.results as {
        user: { name: string };
        detail: { reason: string | null; changes: { field: string }[] };
      }[]
    )[0];
    expect(latest?.user.name).toContain('phx_');
    expect(latest?.detail.reason).toBe(`Shipped "test" from experiment ${id}`);
    expect(latest?.detail.changes.map((c) => c.field)).toContain('filters');
    const defs = await server.api<{ flags: { key: string; has_experiment: boolean }[] }>(
      '/flags/definitions',
    );
    expect(defs.flags.find((f) => f.key === 'ship-exp')?.has_experiment).toBe(false);
  });

  it('refuses a variant the experiment does not have, and an unknown experiment', async () => {
    const created = await api.post(BASE, { name: 'Ship wrong', feature_flag_key: 'ship-wrong' });
    const wrong = await api.post(`${BASE}${created.json.id}/ship_variant/`, { variant: 'nope' });
    expect(wrong.status).toBe(400);
    expect(wrong.json).toMatchObject({ code: 'INVALID_EXPERIMENT', attr: 'variant' });
    const missing = await api.post(`${BASE}99999/ship_variant/`, { variant: 'test' });
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ code: 'EXPERIMENT_NOT_FOUND' });
  });
});
