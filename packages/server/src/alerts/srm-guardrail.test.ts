import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { exposure } from '../experiments/results/experiment-seeding.ts';
import type { SeedEvent } from '../insights/query-test-kit.ts';
import { createSignpost, type Signpost } from '../server.ts';
import { openDuckDbStorage } from '../storage/duckdb/duckdb-storage.ts';
import { apiClient } from '../testing/api-client.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY } from '../testing/test-server.ts';
import { silentLogger } from '../util/logger.ts';

// Hand-built 50/50 experiments on DuckDB: exposures sent through /batch/ as posthog-node sends them, SRM
// guardrails checked by the alert scheduler and by a plan step. The expected p-value is computed here from the
// chi-squared formula (one degree of freedom: p = erfc(√(χ²/2))), not taken from the code under test.

const P = '/api/projects/@current';
const HOUR = 3_600_000;
const clock = { ms: Date.now() };
let sp: Signpost;
let api: ReturnType<typeof apiClient>;
let dataDir: string;

/** erfc by Simpson's rule on 2/√π·e^(−t²) over [x, x + 10] (the tail beyond is below 1e-40). */
function erfc(x: number): number {
  const n = 20_000;
  const h = 10 / n;
  const f = (t: number) => Math.exp(-t * t);
  let sum = f(x) + f(x + 10);
  for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * f(x + i * h);
  return ((2 / Math.sqrt(Math.PI)) * (sum * h)) / 3;
}

function expectedP(control: number, test: number): number {
  const e = (control + test) / 2;
  const chi2 = (control - e) ** 2 / e + (test - e) ** 2 / e;
  return erfc(Math.sqrt(chi2 / 2));
}

async function experimentWith(key: string, control: number, test: number): Promise<number> {
  const created = await api.post(`${P}/experiments/`, {
    name: key,
    feature_flag_key: key,
    start_date: new Date(clock.ms - 2 * HOUR).toISOString(),
  });
  expect(created.status).toBe(201);
  const at = new Date(clock.ms - HOUR);
  const events: SeedEvent[] = [
    ...Array.from({ length: control }, (_, i) => exposure(key, `${key}-c-${i}`, 'control', at)),
    ...Array.from({ length: test }, (_, i) => exposure(key, `${key}-t-${i}`, 'test', at)),
  ];
  for (let i = 0; i < events.length; i += 500) {
    const r = await sp.app.request('/batch/', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: TEST_PROJECT_KEY, batch: events.slice(i, i + 500) }),
    });
    expect(r.status).toBe(200);
  }
  const flags = (await api.get(`${P}/feature_flags/?search=${key}`)).json.results as {
    id: number;
    key: string;
  }[];
  const flag = flags.find((f) => f.key === key);
  if (!flag) throw new Error(`no flag ${key}`);
  return flag.id;
}

type Guardrail = { id: string; state: string; last_value: number; last_message: string; type: string };

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'signpost-srm-'));
  const config = loadConfig({
    SIGNPOST_DATA_DIR: dataDir,
    SIGNPOST_PROJECT_API_KEY: TEST_PROJECT_KEY,
    SIGNPOST_PERSONAL_API_KEY: TEST_PERSONAL_KEY,
  });
  sp = await createSignpost({
    config,
    storage: await openDuckDbStorage(dataDir),
    logger: silentLogger,
    now: () => new Date(clock.ms),
  });
  api = apiClient(sp);
});
afterAll(async () => {
  await sp.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('sample ratio mismatch guardrails', () => {
  it('pass a 1000/1000 split and fail a 1000/1300 one, with the chi-squared p-value as their value', async () => {
    const even = await experimentWith('even-split', 1000, 1000);
    const skewed = await experimentWith('skewed-split', 1000, 1300);
    for (const id of [even, skewed]) {
      const r = await api.post(`${P}/feature_flags/${id}/guardrails/`, { type: 'srm', name: 'Split' });
      expect(r.status, JSON.stringify(r.json)).toBe(201);
      expect(r.json).toMatchObject({ type: 'srm', threshold: 0.001, event: '$feature_flag_called' });
    }
    expect(await sp.alertChecks.runDue()).toBe(2);
    const read = async (id: number) =>
      ((await api.get(`${P}/feature_flags/${id}/guardrails/`)).json.results as Guardrail[])[0] as Guardrail;

    const evenCheck = await read(even);
    expect(expectedP(1000, 1000)).toBeCloseTo(1, 9);
    expect(evenCheck).toMatchObject({ state: 'Not firing' });
    expect(evenCheck.last_value).toBeCloseTo(expectedP(1000, 1000), 9);
    expect(evenCheck.last_message).toContain('exposures control 1000 / test 1000');

    const skewedCheck = await read(skewed);
    const p = expectedP(1000, 1300);
    expect(p).toBeLessThan(0.001);
    expect(skewedCheck.state).toBe('Firing');
    expect(skewedCheck.last_value / p).toBeCloseTo(1, 6);
    expect(skewedCheck.last_message).toContain('exposures control 1000 / test 1300, expected 1150 / 1150');
  });

  it('pauses a plan whose step waits on a failing SRM check', async () => {
    const id = await experimentWith('skewed-plan', 1000, 1300);
    const srm = String((await api.post(`${P}/feature_flags/${id}/guardrails/`, { type: 'srm' })).json.id);
    const plan = await api.post(`${P}/feature_flags/${id}/rollout_plans/`, {
      steps: [
        { payload: { operation: 'update_rollout', value: 20 } },
        {
          scheduled_at: new Date(clock.ms + HOUR).toISOString(),
          payload: { operation: 'update_rollout', value: 100 },
          guardrails: [srm],
        },
      ],
    });
    expect(plan.status, JSON.stringify(plan.json)).toBe(201);
    clock.ms += HOUR;
    await sp.scheduler.runDue();
    const after = (await api.get(`${P}/feature_flags/${id}/rollout_plans/`)).json.results as {
      status: string;
      pause_reason: string;
    }[];
    expect(after[0]?.status).toBe('paused');
    expect(after[0]?.pause_reason).toContain('exposures control 1000 / test 1300');
    const flag = (await api.get(`${P}/feature_flags/${id}`)).json as unknown as {
      filters: { groups: { rollout_percentage: number }[] };
    };
    expect(flag.filters.groups[0]?.rollout_percentage).toBe(20);
  });
});
