import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  startTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  type TestServer,
} from '../testing/test-server.ts';
import { emptyState, loadState } from './import-state.ts';
import { writeImport } from './import-writer.ts';
import { exportAll } from './signpost/export-all.ts';
import { folderSource } from './signpost/folder-source.ts';
import { SignpostClient } from './signpost-client.ts';

type Json = Record<string, unknown> & { id: number };
const API = '/api/projects/@current';
const PERSONS = 40;
const EVENTS = 500;
const DAY = Date.UTC(2024, 2, 1);

async function call(server: TestServer, method: string, url: string, body?: unknown): Promise<Json> {
  const res = await fetch(`${server.url}${url}`, {
    method,
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json()) as Json;
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function capture(server: TestServer, batch: unknown[]): Promise<void> {
  const res = await fetch(`${server.url}/batch/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ api_key: TEST_PROJECT_KEY, batch }),
  });
  expect(res.status).toBe(200);
}

const at = (n: number) => new Date(DAY + n * 60_000).toISOString();

async function seed(server: TestServer): Promise<void> {
  // Persons with two distinct ids each: an anonymous one merged into the identified one.
  const identify = Array.from({ length: PERSONS }, (_, i) => ({
    event: '$identify',
    distinct_id: `user-${i}`,
    properties: { $anon_distinct_id: `anon-${i}`, $set: { plan: i % 3 === 0 ? 'paid' : 'free', n: i } },
    timestamp: at(i),
  }));
  await capture(server, identify);
  await capture(server, [
    {
      event: '$groupidentify',
      distinct_id: 'user-0',
      properties: { $group_type: 'company', $group_key: 'acme' },
    },
  ]);
  const events = Array.from({ length: EVENTS }, (_, i) => ({
    event: i % 5 === 0 ? 'signed_up' : 'page_viewed',
    distinct_id: i % 2 === 0 ? `user-${i % PERSONS}` : `anon-${i % PERSONS}`,
    properties: { path: `/p/${i % 7}`, $groups: { company: 'acme' } },
    timestamp: at(100 + i),
  }));
  await capture(server, events);
  const paidCohort = await call(server, 'POST', `${API}/cohorts/`, {
    name: 'Paid',
    filters: { properties: { type: 'AND', values: [{ key: 'plan', type: 'person', value: 'paid' }] } },
  });
  await call(server, 'POST', `${API}/cohorts/`, {
    name: 'Hand-picked',
    is_static: true,
    distinct_ids: ['user-1', 'user-2', 'anon-5'],
  });
  const parent = await call(server, 'POST', `${API}/feature_flags/`, {
    key: 'paid-plan',
    filters: { groups: [{ properties: [{ key: 'plan', value: 'paid' }], rollout_percentage: 100 }] },
  });
  // Its settings in staging differ from production's.
  const staging = await call(server, 'POST', `${API}/environments/`, { name: 'staging' });
  await call(server, 'PATCH', `/api/projects/${staging.id}/feature_flags/${parent.id}/`, {
    active: true,
    filters: { groups: [{ rollout_percentage: 30 }] },
  });
  await call(server, 'POST', `${API}/feature_flags/`, {
    key: 'paid-extras',
    filters: {
      groups: [
        {
          properties: [{ key: String(parent.id), type: 'flag', value: true, operator: 'flag_evaluates_to' }],
          rollout_percentage: 60,
        },
      ],
    },
  });
  await call(server, 'POST', `${API}/feature_flags/`, {
    key: 'checkout',
    filters: {
      groups: [{ rollout_percentage: 80 }],
      multivariate: {
        variants: [
          { key: 'control', rollout_percentage: 50 },
          { key: 'blue', rollout_percentage: 30 },
          { key: 'green', rollout_percentage: 20 },
        ],
      },
      payloads: { blue: '{"color":"#00f"}', green: { color: '#0f0' } },
    },
  });
  await call(server, 'POST', `${API}/feature_flags/`, {
    key: 'paid-cohort',
    filters: {
      groups: [
        { properties: [{ key: 'id', type: 'cohort', value: paidCohort.id }], rollout_percentage: 100 },
      ],
    },
  });
  await call(server, 'POST', `${API}/feature_flags/`, {
    key: 'per-company',
    filters: { aggregation_group_type_index: 0, groups: [{ rollout_percentage: 50 }] },
  });
  const insight = await call(server, 'POST', `${API}/insights/`, {
    name: 'Sign-ups',
    query: {
      kind: 'InsightVizNode',
      source: {
        kind: 'TrendsQuery',
        series: [{ kind: 'EventsNode', event: 'signed_up' }],
        dateRange: { date_from: '2024-03-01', date_to: '2024-03-02' },
        breakdownFilter: { breakdown: 'path' },
      },
    },
  });
  await call(server, 'POST', `${API}/dashboards/`, { name: 'Growth', tiles: [{ insight: insight.id }] });
  await call(server, 'POST', `${API}/experiments/`, {
    name: 'Checkout button',
    feature_flag_key: 'checkout-experiment',
    parameters: {
      feature_flag_variants: [
        { key: 'control', rollout_percentage: 50 },
        { key: 'test', rollout_percentage: 50 },
      ],
    },
  });
}

/** Everything a user can see through the API, with ids replaced by what they point at, to compare servers. */
async function snapshot(server: TestServer) {
  const list = async (p: string) =>
    (
      (await call(server, 'GET', `${API}/${p}${p.includes('?') ? '&' : '?'}limit=1000`)) as unknown as {
        results: Json[];
      }
    ).results;
  const cohorts = await list('cohorts/');
  const cohortName = new Map(cohorts.map((c) => [c.id, c.name]));
  const withCohortNames = (v: unknown): unknown =>
    JSON.parse(JSON.stringify(v), (_, x: unknown) =>
      x && typeof x === 'object' && (x as Json).type === 'cohort'
        ? { ...(x as Json), value: cohortName.get(Number((x as Json).value)) }
        : x,
    );
  const members = async (c: Json) =>
    (await list(`cohorts/${c.id}/persons/`)).flatMap((p) => p.distinct_ids as string[]).sort();
  const flags = await Promise.all(
    (await list('feature_flags/')).map(async (f) => {
      const across = (await call(server, 'GET', `${API}/feature_flags/${f.id}/environments/`)) as unknown as {
        results: { environment: { name: string }; active: boolean; filters: unknown }[];
      };
      return {
        key: f.key,
        name: f.name,
        active: f.active,
        filters: withCohortNames(f.filters),
        environments: across.results.map((r) => [r.environment.name, r.active, withCohortNames(r.filters)]),
      };
    }),
  );
  const insights = await list('insights/');
  const insightResults = await Promise.all(
    insights.map(async (i) => {
      const full = await call(server, 'GET', `${API}/insights/${i.id}/?refresh=true`);
      return { name: full.name, query: full.query, result: full.result };
    }),
  );
  const dashboards = await Promise.all(
    (await list('dashboards/')).map(async (d) => {
      const full = await call(server, 'GET', `${API}/dashboards/${d.id}/`);
      const tiles = full.tiles as { insight: { name: string } | null }[];
      return { name: full.name, insights: tiles.map((t) => t.insight?.name) };
    }),
  );
  const experiments = (await list('experiments/')).map((e) => ({
    name: e.name,
    flag: e.feature_flag_key,
    parameters: e.parameters,
  }));
  const persons = (await list('persons/'))
    .map((p) => ({
      ids: [...(p.distinct_ids as string[])].sort(),
      properties: p.properties,
      created_at: p.created_at,
    }))
    .sort((a, b) => (a.ids[0] ?? '').localeCompare(b.ids[0] ?? ''));
  return {
    cohorts: await Promise.all(
      cohorts.map(async (c) => ({
        name: c.name,
        is_static: c.is_static,
        filters: withCohortNames(c.filters),
        members: c.is_static ? await members(c) : null,
      })),
    ),
    flags: flags.sort((a, b) => String(a.key).localeCompare(String(b.key))),
    insights: insightResults,
    dashboards,
    experiments,
    persons,
    groupTypes: await call(server, 'GET', `${API}/groups_types/`),
  };
}

async function eventUuids(server: TestServer): Promise<string[]> {
  const res = await fetch(`${server.url}${API}/events/export?format=ndjson`, {
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}` },
  });
  const text = await res.text();
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => (JSON.parse(l) as { uuid: string }).uuid)
    .sort();
}

async function flagAnswers(server: TestServer): Promise<unknown[]> {
  const answers: unknown[] = [];
  for (let i = 0; i < 50; i++) {
    const distinctId = i % 2 === 0 ? `user-${i % PERSONS}` : `stranger-${i}`;
    const res = await fetch(`${server.url}/flags/?v=2`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: TEST_PROJECT_KEY, distinct_id: distinctId, groups: { company: 'acme' } }),
    });
    const json = (await res.json()) as {
      flags: Record<string, { enabled: boolean; variant: unknown; metadata: { payload?: unknown } }>;
    };
    answers.push(
      Object.fromEntries(
        Object.entries(json.flags)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, f]) => [k, [f.enabled, f.variant ?? null, f.metadata?.payload ?? null]]),
      ),
    );
  }
  return answers;
}

describe('export --all, then import signpost into a fresh server', () => {
  let source: TestServer;
  let dir: string;
  const servers: TestServer[] = [];
  const fresh = async (dataDir?: string) => {
    const s = await startTestServer(dataDir ? { dataDir } : {});
    servers.push(s);
    return s;
  };
  /** A target with the source's environments (settings map by environment name). */
  const freshTarget = async (dataDir?: string) => {
    const s = await fresh(dataDir);
    await call(s, 'POST', `${API}/environments/`, { name: 'staging' });
    return s;
  };

  beforeAll(async () => {
    source = await fresh();
    await seed(source);
    dir = mkdtempSync(path.join(tmpdir(), 'signpost-export-'));
    await exportAll({
      client: new SignpostClient(source.url, TEST_PERSONAL_KEY),
      out: path.join(dir, 'export'),
    });
  }, 60_000);
  afterAll(async () => {
    for (const s of servers) await s.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const importInto = (target: TestServer, stateFile: string, stopAfter?: number) =>
    writeImport({
      source: folderSource(path.join(dir, 'export')),
      target: new SignpostClient(target.url, TEST_PERSONAL_KEY),
      state: loadState(stateFile, 'signpost', target.url),
      stateFile,
      ...(stopAfter === undefined ? {} : { stopAfter }),
    });

  it('brings every object, person and event across, with equal /flags answers and insight results', async () => {
    const target = await freshTarget();
    const report = await importInto(target, path.join(dir, 'state-1.json'));
    expect(report.failures).toEqual([]);
    expect(report.counts.get('events')?.created).toBe(EVENTS + PERSONS + 1);
    const want = await snapshot(source);
    expect(want.flags.map((f) => f.key)).toHaveLength(6);
    expect(want.flags.find((f) => f.key === 'paid-plan')?.environments).toContainEqual([
      'staging',
      true,
      { groups: [{ properties: [], rollout_percentage: 30 }], payloads: {} },
    ]);
    expect(want.persons).toHaveLength(PERSONS);
    expect(await snapshot(target)).toEqual(want);
    expect(await eventUuids(target)).toEqual(await eventUuids(source));
    expect(await flagAnswers(target)).toEqual(await flagAnswers(source));
  }, 60_000);

  it('continues an interrupted import without duplicates, and a re-sent event page after a restart is ignored', async () => {
    // A data folder of our own, so it outlives the first server.
    const dataDir = mkdtempSync(path.join(dir, 'data-'));
    const target = await freshTarget(dataDir);
    const stateFile = path.join(dir, 'state-2.json');
    for (const stopAfter of [4, 20]) {
      const partial = await importInto(target, stateFile, stopAfter);
      expect(partial.interrupted).toBe(true);
    }
    const rest = await importInto(target, stateFile);
    expect(rest.interrupted).toBe(false);
    expect(rest.failures).toEqual([]);
    expect(await snapshot(target)).toEqual(await snapshot(source));
    expect(await eventUuids(target)).toEqual(await eventUuids(source));

    // The acknowledgement of the event pages "lost": the rerun sends them again, to a restarted server.
    const state = loadState(stateFile, 'signpost', target.url);
    servers.splice(servers.indexOf(target), 1);
    await target.stop();
    const restarted = await startTestServer({ dataDir });
    servers.push(restarted);
    const eventsFile = 7;
    state.cursor = { file: eventsFile - 1, line: Number.MAX_SAFE_INTEGER };
    state.done = false;
    const again = await writeImport({
      source: folderSource(path.join(dir, 'export')),
      target: new SignpostClient(restarted.url, TEST_PERSONAL_KEY),
      state: { ...state, target: restarted.url },
      stateFile: undefined,
    });
    expect(again.counts.get('events')?.created).toBe(EVENTS + PERSONS + 1);
    expect(await eventUuids(restarted)).toEqual(await eventUuids(source));
    expect(await snapshot(restarted)).toEqual(await snapshot(source));
  }, 90_000);

  it('refuses a wrong key or an unreachable server before writing anything', async () => {
    const target = await fresh();
    const attempt = (url: string, key: string) =>
      writeImport({
        source: folderSource(path.join(dir, 'export')),
        target: new SignpostClient(url, key),
        state: emptyState('signpost', url),
        stateFile: undefined,
      });
    await expect(attempt(target.url, 'phx_not_a_key')).rejects.toMatchObject({ code: 'TARGET_REFUSED' });
    await expect(attempt(`http://127.0.0.1:${await freePort()}`, TEST_PERSONAL_KEY)).rejects.toMatchObject({
      code: 'TARGET_UNREACHABLE',
    });
    await expect(
      writeImport({
        source: folderSource(path.join(dir, 'nowhere')),
        target: new SignpostClient(target.url, TEST_PERSONAL_KEY),
        state: emptyState('signpost', target.url),
        stateFile: undefined,
      }),
    ).rejects.toMatchObject({ code: 'SOURCE_UNREADABLE' });
    const flags = (await call(target, 'GET', `${API}/feature_flags/`)) as unknown as { results: unknown[] };
    expect(flags.results).toEqual([]);
    expect(await eventUuids(target)).toEqual([]);
  });
});
