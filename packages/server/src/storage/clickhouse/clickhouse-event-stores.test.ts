import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventQuery } from '../../events/event-store.ts';
import type { EventExportFilter, EventExportStore } from '../../exports/event-export-store.ts';
import { type SeedEvent, seed } from '../../insights/query-test-kit.ts';
import { randomActivity } from '../../query/random-activity.ts';
import { apiClient } from '../../testing/api-client.ts';
import {
  type ClickHouseInProcess,
  inProcessClickHouse,
} from '../../testing/clickhouse/clickhouse-in-process.ts';
import { TEST_PERSONAL_KEY } from '../../testing/test-server.ts';

const SKIP = process.env.SIGNPOST_TEST_CLICKHOUSE === '0';
const { seed: ACTIVITY } = randomActivity(29);
// Anonymous visitors who later identify, so some events' persons are merged away (the export resolves them).
const MERGES: SeedEvent[] = Array.from({ length: 5 }, (_, i) => [
  { event: 'a', distinct_id: `anon-${i}`, timestamp: `2024-05-0${i + 1}T08:00:00.000Z` },
  { event: 'b', distinct_id: `user-${i}`, timestamp: `2024-05-0${i + 1}T08:30:00.000Z` },
  {
    event: '$identify',
    distinct_id: `user-${i}`,
    timestamp: `2024-05-0${i + 1}T09:00:00.000Z`,
    properties: { $anon_distinct_id: `anon-${i}` },
  },
]).flat();
// Events sent with a group, for the group page's event list.
const GROUPED: SeedEvent[] = ['acme', 'acme', 'globex'].map((company, i) => ({
  event: 'team.action',
  distinct_id: `user-${i}`,
  timestamp: `2024-05-07T0${i}:00:00.000Z`,
  properties: { $groups: { company } },
}));
const EVENTS = [...ACTIVITY, ...MERGES, ...GROUPED];
const at = (iso: string) => new Date(iso);

const LIST_QUERIES: Omit<EventQuery, 'projectId'>[] = [
  { limit: 10_000, offset: 0 },
  { limit: 7, offset: 5 },
  { event: 'a', limit: 100, offset: 0 },
  { distinctIds: ['user-1', 'user-2', 'anon-3'], limit: 100, offset: 0 },
  { distinctIds: [], limit: 100, offset: 0 },
  { after: at('2024-05-03T00:00:00Z'), before: at('2024-05-06T12:00:00Z'), limit: 40, offset: 3 },
  { event: '$pageview', after: at('2024-05-02T10:30:00Z'), limit: 1000, offset: 0 },
  { group: { index: 0, key: 'acme' }, limit: 100, offset: 0 },
  { group: { index: 0, key: 'nobody' }, limit: 100, offset: 0 },
];
const EXPORT_FILTERS: Omit<EventExportFilter, 'projectId'>[] = [
  {},
  { event: '$pageview' },
  { after: at('2024-05-03T00:00:00Z'), before: at('2024-05-06T00:00:00Z') },
  { event: 'nothing-like-this' },
];

async function drain(store: EventExportStore, filter: EventExportFilter): Promise<string[][]> {
  const cursor = await store.open(filter);
  const rows: string[][] = [];
  for (let chunk = await cursor.next(); chunk; chunk = await cursor.next()) rows.push(...chunk);
  return rows;
}
const sorted = (rows: string[][]) => rows.map((r) => JSON.stringify(r)).sort();

async function parquetRows(file: string) {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  try {
    const reader = await c.runAndReadAll(
      `SELECT uuid::VARCHAR AS uuid, event, distinct_id, person_id::VARCHAR AS person_id,
        epoch_ms(timestamp::TIMESTAMPTZ) AS ts, epoch_ms(created_at::TIMESTAMPTZ) AS ca,
        properties::VARCHAR AS properties FROM '${file}' ORDER BY uuid`,
    );
    return reader.getRowObjectsJS();
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

describe.skipIf(SKIP)('events API and exports on ClickHouse answer as DuckDB', () => {
  let work: string;
  const servers: Record<'once' | 'twice', ClickHouseInProcess> = {} as never;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'signpost-ch-export-'));
    servers.once = await inProcessClickHouse();
    // Every event inserted twice with merges stopped: the stores must still see each event once.
    servers.twice = await inProcessClickHouse({}, { insertTwice: true });
    for (const server of Object.values(servers)) await seed(server, EVENTS);
  }, 120_000);
  afterAll(async () => {
    for (const server of Object.values(servers)) await server?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  describe.each(['once', 'twice'] as const)('inserted %s', (mode) => {
    const projectId = async () => {
      const [first] = await servers[mode].duckdb.events.listEvents({ projectId: 1, limit: 1, offset: 0 });
      if (!first) throw new Error('nothing seeded');
      return first.projectId;
    };

    it('lists events newest first with the same filters, pages and fields', async () => {
      const server = servers[mode];
      const project = await projectId();
      expect((await server.eventRows()).folded).toBe(EVENTS.length);
      for (const q of LIST_QUERIES) {
        const query = { projectId: project, ...q };
        const expected = await server.duckdb.events.listEvents(query);
        expect(await server.storage.events.listEvents(query), JSON.stringify(q)).toEqual(expected);
      }
      const acme = await server.duckdb.events.listEvents({
        projectId: project,
        group: { index: 0, key: 'acme' },
        limit: 100,
        offset: 0,
      });
      expect(acme.map((e) => e.distinctId)).toEqual(['user-1', 'user-0']);
      // Through HTTP as well: the read route answers from the ClickHouse store.
      const res = await apiClient(server.signpost).get('/api/projects/@current/events?limit=500&event=b');
      expect(res.status).toBe(200);
      const expected = await server.duckdb.events.listEvents({
        projectId: project,
        event: 'b',
        limit: 500,
        offset: 0,
      });
      expect((res.json.results as { uuid: string }[]).map((e) => e.uuid)).toEqual(
        expected.map((e) => e.uuid),
      );
    });

    it('re-arms de-duplication with each recent uuid once', async () => {
      const server = servers[mode];
      const all = await server.storage.events.recentEventUuids(10_000);
      expect(all).toHaveLength(EVENTS.length);
      expect(new Set(all)).toEqual(new Set(await server.duckdb.events.recentEventUuids(10_000)));
      expect(await server.storage.events.recentEventUuids(0)).toEqual([]);
      expect(await server.storage.events.recentEventUuids(3)).toHaveLength(3);
    });

    it('exports the same rows as text and as Parquet, with person merges resolved', async () => {
      const server = servers[mode];
      const clickHouse = server.storage.eventExport;
      const duck = server.duckdb.eventExport;
      if (!clickHouse || !duck) throw new Error('no export store');
      const project = await projectId();
      for (const f of EXPORT_FILTERS) {
        const filter = { projectId: project, ...f };
        const expected = await drain(duck, filter);
        expect(await clickHouse.count(filter)).toBe(expected.length);
        expect(sorted(await drain(clickHouse, filter)), JSON.stringify(f)).toEqual(sorted(expected));
      }
      const filter = { projectId: project, event: 'a' };
      const files = {
        duck: path.join(work, `${mode}-duck.parquet`),
        ch: path.join(work, `${mode}-ch.parquet`),
      };
      const written = await clickHouse.writeParquet(filter, files.ch);
      expect(written).toBe(await duck.writeParquet(filter, files.duck));
      expect(written).toBeGreaterThan(10);
      expect(await parquetRows(files.ch)).toEqual(await parquetRows(files.duck));
    });

    it('serves the export route and survives a client that walks away', async () => {
      const server = servers[mode];
      const clickHouse = server.storage.eventExport;
      if (!clickHouse) throw new Error('no export store');
      const cursor = await clickHouse.open({ projectId: await projectId() });
      expect((await cursor.next())?.length).toBeGreaterThan(0);
      cursor.close();
      expect(await cursor.next()).toBeUndefined();
      const res = await server.signpost.app.request('/api/projects/@current/events/export?format=ndjson', {
        headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-signpost-row-count')).toBe(String(EVENTS.length));
      const lines = (await res.text()).trimEnd().split('\n');
      expect(new Set(lines.map((l) => (JSON.parse(l) as { uuid: string }).uuid)).size).toBe(EVENTS.length);
    });
  });
});
