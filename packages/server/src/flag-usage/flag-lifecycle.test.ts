import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { API, client } from '../activity-log/activity-log.test-kit.ts';
import { loadConfig } from '../config.ts';
import { createSignpost, type Signpost } from '../server.ts';
import { openDuckDbStorage } from '../storage/duckdb/duckdb-storage.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY, TEST_SECRET_KEY } from '../testing/test-server.ts';
import { silentLogger } from '../util/logger.ts';

// Staleness, archive and usage through the HTTP API on DuckDB, with the clock moved by the test.

const DAY = 86_400_000;
const dirs: string[] = [];
const servers: Signpost[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(clock: { ms: number }, dataDir?: string) {
  const dir = dataDir ?? mkdtempSync(path.join(tmpdir(), 'signpost-lifecycle-'));
  if (!dataDir) dirs.push(dir);
  const config = loadConfig({
    SIGNPOST_DATA_DIR: dir,
    SIGNPOST_PROJECT_API_KEY: TEST_PROJECT_KEY,
    SIGNPOST_PERSONAL_API_KEY: TEST_PERSONAL_KEY,
    SIGNPOST_PROJECT_SECRET_KEY: TEST_SECRET_KEY,
  });
  const signpost = await createSignpost({
    config,
    storage: await openDuckDbStorage(dir),
    logger: silentLogger,
    now: () => new Date(clock.ms),
  });
  servers.push(signpost);
  return { signpost, dir, api: client(signpost) };
}

const flagsFor = async (signpost: Signpost, distinctId: string) => {
  const r = await signpost.app.request('/flags?v=2', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: TEST_PROJECT_KEY, distinct_id: distinctId }),
  });
  return (await r.json()) as { flags: Record<string, { enabled: boolean; variant: string | null }> };
};

interface StaleJson {
  stale: boolean;
  reasons: string[];
  since: string | null;
  exempt?: string;
}
type FlagJson = {
  id: number;
  key: string;
  stale: StaleJson;
  last_evaluated_at: string | null;
  archived: boolean;
};

const listed = async (api: ReturnType<typeof client>, query = '') =>
  ((await api.get(`${API}/feature_flags/${query}`)).json as unknown as { results: FlagJson[] }).results;

const half = { groups: [{ properties: [], rollout_percentage: 50 }] };
const everyone = { groups: [{ properties: [], rollout_percentage: 100 }] };
const targeted = {
  groups: [
    {
      properties: [{ key: 'plan', type: 'person', value: ['pro'], operator: 'exact' }],
      rollout_percentage: 100,
    },
  ],
};

describe('flag lifecycle over HTTP', () => {
  it('reports each staleness reason once it has held for the configured days, and exempts permanent flags', async () => {
    const clock = { ms: Date.parse('2025-01-01T12:00:00Z') };
    const { signpost, api } = await start(clock);
    const create = async (key: string, filters: unknown, extra: Record<string, unknown> = {}) =>
      (await api.post(`${API}/feature_flags/`, { key, filters, ...extra })).json.id;
    await create('other-half', half);
    const rolledOut = await create('rolled-out', everyone);
    const busy = await create('busy', half);
    await create('single', targeted);
    await create('kill-switch', half, { permanent: true });
    await create('dormant', half, { active: false });

    // Thirty days of traffic: `busy` answers both values, `single` only false (nobody is on "pro").
    for (let day = 0; day < 40; day++) {
      clock.ms += DAY;
      if (day >= 30) continue;
      for (let u = 0; u < 6; u++) {
        const answer = await flagsFor(signpost, `user-${u}`);
        expect(Object.keys(answer.flags).sort()).toEqual([
          'busy',
          'kill-switch',
          'other-half',
          'rolled-out',
          'single',
        ]);
      }
      if (day % 7 === 0) await signpost.flagUsage.flush();
    }
    // 2025-02-10: the last evaluation was on 2025-01-31, ten days ago. With 30 days nothing is unused yet.
    let flags = await listed(api);
    const byKey = (key: string) => flags.find((f) => f.key === key) as FlagJson;
    expect(byKey('busy').stale).toEqual({ stale: false, reasons: [], since: null });
    expect(byKey('busy').last_evaluated_at).toBe('2025-01-31T00:00:00.000Z');
    // Served "true" to everyone for the whole window too.
    expect(byKey('rolled-out').stale).toEqual({
      stale: true,
      reasons: ['fully_rolled_out', 'single_value'],
      since: '2025-01-01',
    });
    expect(byKey('dormant').stale).toEqual({ stale: true, reasons: ['not_evaluated'], since: '2025-01-01' });
    expect(byKey('dormant').last_evaluated_at).toBeNull();
    expect(byKey('single').stale).toEqual({ stale: true, reasons: ['single_value'], since: '2025-01-12' });
    expect(byKey('kill-switch').stale).toEqual({
      stale: false,
      reasons: [],
      since: null,
      exempt: 'permanent',
    });
    // With a 7-day threshold every flag not evaluated in the last week is stale from the day after its last use.
    flags = await listed(api, '?stale=true&stale_days=7');
    expect(flags.map((f) => [f.key, f.stale.reasons])).toEqual([
      ['dormant', ['not_evaluated']],
      ['single', ['not_evaluated']],
      ['busy', ['not_evaluated']],
      ['rolled-out', ['not_evaluated', 'fully_rolled_out']],
      ['other-half', ['not_evaluated']],
    ]);
    expect(flags.find((f) => f.key === 'other-half')?.stale.since).toBe('2025-02-01');
    expect((await listed(api, '?stale=false')).map((f) => f.key)).toEqual([
      'kill-switch',
      'busy',
      'other-half',
    ]);

    // PATCH permanent: the flag leaves the stale list; the change is in its history.
    expect((await api.patch(`${API}/feature_flags/${rolledOut}/`, { permanent: true })).status).toBe(200);
    expect((await listed(api, '?stale=true')).map((f) => f.key)).toEqual(['dormant', 'single']);
    const history = (await api.get(`${API}/feature_flags/${rolledOut}/activity`)).json as unknown as {
      results: { detail: { changes: { field: string; after: unknown }[] } }[];
    };
    expect(history.results[0]?.detail.changes).toEqual([
      expect.objectContaining({ field: 'permanent', after: true }),
    ]);

    // The usage series: 7 days ending today, zero days included; `busy` was last answered on day 30.
    const usage = (await api.get(`${API}/feature_flags/${busy}/usage?days=12`)).json as unknown as {
      days: { day: string; total: number; values: Record<string, number> }[];
    };
    expect(usage.days).toHaveLength(12);
    expect(usage.days[0]).toMatchObject({ day: '2025-01-30', total: 6 });
    expect(usage.days[2]).toMatchObject({ day: '2025-02-01', total: 0, values: {} });
    const served = Object.values(usage.days[0]?.values ?? {}).reduce((a, b) => a + b, 0);
    expect(served).toBe(6);

    // The project's own stale days apply when the request says none; a request's `stale_days` still wins.
    expect((await api.patch(`${API}/data_settings/`, { stale_days: 7 })).status).toBe(200);
    const sevenDays = ['dormant', 'single', 'busy', 'other-half'];
    expect((await listed(api, '?stale=true')).map((f) => f.key)).toEqual(sevenDays);
    expect((await listed(api, '?stale=true&stale_days=30')).map((f) => f.key)).toEqual(['dormant', 'single']);
  });

  it('counts a flag shipped by its experiment as stale once the days have passed', async () => {
    const clock = { ms: Date.parse('2025-03-01T00:00:00Z') };
    const { signpost, api } = await start(clock);
    const filters = {
      groups: [{ properties: [], rollout_percentage: 100 }],
      multivariate: {
        variants: [
          { key: 'control', rollout_percentage: 50 },
          { key: 'test', rollout_percentage: 50 },
        ],
      },
    };
    const flagId = (await api.post(`${API}/feature_flags/`, { key: 'checkout', filters })).json.id;
    const experiment = await api.post(`${API}/experiments/`, {
      name: 'Checkout',
      feature_flag_key: 'checkout',
      start_date: '2025-03-01T00:00:00Z',
    });
    expect(experiment.status).toBe(201);
    clock.ms += 3 * DAY;
    const shipped = await api.post(`${API}/experiments/${experiment.json.id}/ship_variant`, {
      variant: 'test',
    });
    expect(shipped.status).toBe(200);
    for (let day = 0; day < 6; day++) {
      clock.ms += DAY;
      await flagsFor(signpost, `u${day}`);
    }
    // 2025-03-10: shipped on 03-04, six days ago; every answer since was "test".
    const verdict = async (days: number) =>
      ((await api.get(`${API}/feature_flags/${flagId}/?stale_days=${days}`)).json as unknown as FlagJson)
        .stale;
    expect((await api.get(`${API}/feature_flags/${flagId}/usage?stale_days=5`)).json).toMatchObject({
      stale: {
        stale: true,
        reasons: ['fully_rolled_out', 'single_value', 'experiment_shipped'],
        since: '2025-03-04',
      },
    });
    expect(await verdict(30)).toEqual({ stale: false, reasons: [], since: null });
  });

  it('archives a flag: not served, not in definitions, listed only with ?archived=true, logged, reversible', async () => {
    const clock = { ms: Date.parse('2025-01-01T00:00:00Z') };
    const { signpost, api } = await start(clock);
    const id = (await api.post(`${API}/feature_flags/`, { key: 'old-banner', filters: everyone })).json.id;
    expect((await flagsFor(signpost, 'a')).flags['old-banner']?.enabled).toBe(true);
    const archived = await api.post(`${API}/feature_flags/${id}/archive/`, {});
    expect(archived.status).toBe(200);
    expect(archived.json).toMatchObject({ archived: true, deleted: false });
    expect((await flagsFor(signpost, 'a')).flags).toEqual({});
    const definitions = await signpost.app.request('/flags/definitions', {
      headers: { authorization: `Bearer ${TEST_SECRET_KEY}` },
    });
    expect(((await definitions.json()) as { flags: unknown[] }).flags).toEqual([]);
    expect(await listed(api)).toEqual([]);
    expect((await listed(api, '?archived=true')).map((f) => f.key)).toEqual(['old-banner']);
    // The key stays taken: an archived flag is one decision away from coming back.
    expect((await api.post(`${API}/feature_flags/`, { key: 'old-banner' })).status).toBe(400);
    expect((await api.post(`${API}/feature_flags/${id}/unarchive/`, {})).json).toMatchObject({
      archived: false,
    });
    expect((await flagsFor(signpost, 'a')).flags['old-banner']?.enabled).toBe(true);
    const history = (await api.get(`${API}/feature_flags/${id}/activity`)).json as unknown as {
      results: {
        activity: string;
        detail: { changes: { field: string; before: unknown; after: unknown }[] };
      }[];
    };
    expect(
      history.results.map((e) => [e.activity, e.detail.changes.map((c) => [c.field, c.before, c.after])]),
    ).toEqual([
      ['updated', [['archived', true, false]]],
      ['updated', [['archived', false, true]]],
      ['created', expect.any(Array)],
    ]);
    expect((await api.post(`${API}/feature_flags/9999/archive/`, {})).status).toBe(404);
  });

  it('writes counters on shutdown and reads them back after a restart', async () => {
    const clock = { ms: Date.parse('2025-05-05T10:00:00Z') };
    const first = await start(clock);
    const id = (await first.api.post(`${API}/feature_flags/`, { key: 'f', filters: everyone })).json.id;
    for (let i = 0; i < 3; i++) await flagsFor(first.signpost, `u${i}`);
    servers.splice(servers.indexOf(first.signpost), 1);
    await first.signpost.close();
    const again = await start(clock, first.dir);
    const usage = (await again.api.get(`${API}/feature_flags/${id}/usage?days=1`)).json;
    expect(usage).toMatchObject({
      days: [{ day: '2025-05-05', total: 3, values: { true: 3 } }],
      last_evaluated_at: '2025-05-05T00:00:00.000Z',
    });
  });
});
