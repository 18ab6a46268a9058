import { execFile, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type ClickHouseClient, createClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { createSignpost, type Signpost } from '../../server.ts';
import { ClickHouseQueryRunner } from '../../storage/clickhouse/clickhouse-query-runner.ts';
import type { DistributedSettings } from '../../storage/distributed/distributed-settings.ts';
import { openDuckDbStorage } from '../../storage/duckdb/duckdb-storage.ts';
import { openPostgresStorage } from '../../storage/postgres/postgres-storage.ts';
import type { Storage } from '../../storage/storage.ts';
import { apiClient } from '../../testing/api-client.ts';
import type { ClickHouseCluster } from '../../testing/clickhouse/clickhouse-cluster.ts';
import {
  acquireClickHouseCluster,
  releaseClickHouseCluster,
} from '../../testing/clickhouse/shared-cluster.ts';
import { type PostgresCluster, startPostgresCluster } from '../../testing/postgres/postgres-cluster.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY, TEST_SECRET_KEY } from '../../testing/test-server.ts';
import { silentLogger } from '../../util/logger.ts';
import { migrateStorage } from './migrate-storage.ts';

const SKIP = process.env.SIGNPOST_TEST_CLICKHOUSE === '0';
const COMMAND = fileURLToPath(new URL('../migrate-storage-command.ts', import.meta.url));

// Discards the progress lines (the command's own output is checked in the CLI case).
const quiet = Object.assign(Object.create(process.stderr) as NodeJS.WriteStream, {
  isTTY: false,
  write: () => true,
});

const env = (dir: string) => ({
  SIGNPOST_DATA_DIR: dir,
  SIGNPOST_PROJECT_API_KEY: TEST_PROJECT_KEY,
  SIGNPOST_PERSONAL_API_KEY: TEST_PERSONAL_KEY,
  SIGNPOST_PROJECT_SECRET_KEY: TEST_SECRET_KEY,
});

/** A Signpost on a DuckDB folder, with its insight queries optionally answered by another runner. */
async function server(
  dir: string,
  adapt: (s: Storage) => Storage = (s) => s,
  extra: Record<string, string> = {},
): Promise<Signpost> {
  const storage = adapt(await openDuckDbStorage(dir));
  return createSignpost({ config: loadConfig({ ...env(dir), ...extra }), storage, logger: silentLogger });
}

const TREND = {
  kind: 'TrendsQuery',
  series: [
    { kind: 'EventsNode', event: '$pageview', math: 'total' },
    { kind: 'EventsNode', event: '$pageview', math: 'dau' },
  ],
  breakdownFilter: { breakdown: 'plan', breakdown_type: 'event' },
  interval: 'day',
  dateRange: { date_from: '2024-03-01', date_to: '2024-03-10' },
};

async function trends(sp: Signpost): Promise<unknown> {
  const response = await sp.app.request('/api/projects/@current/query/', {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query: TREND }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { results: unknown }).results;
}

/** Events of 30 people over ten days, with an identify, an alias and a group, through the capture endpoint. */
async function seed(sp: Signpost): Promise<number> {
  const batch: Record<string, unknown>[] = [];
  for (let i = 0; i < 60; i++)
    batch.push({
      event: '$pageview',
      distinct_id: `user-${i % 30}`,
      uuid: randomUUID(),
      timestamp: new Date(Date.UTC(2024, 2, 1 + (i % 10), 10, i)).toISOString(),
      properties: { plan: i % 3 === 0 ? 'pro' : 'free', $groups: { company: `co-${i % 4}` }, note: 'é✓' },
    });
  batch.push(
    {
      event: '$identify',
      distinct_id: 'user-1',
      uuid: randomUUID(),
      timestamp: '2024-03-05T12:00:00.000Z',
      properties: { $anon_distinct_id: 'anon-1', $set: { email: 'one@example.com' } },
    },
    {
      event: '$create_alias',
      distinct_id: 'user-2',
      uuid: randomUUID(),
      timestamp: '2024-03-05T12:01:00.000Z',
      properties: { alias: 'user-3' },
    },
    {
      event: '$groupidentify',
      distinct_id: 'user-4',
      uuid: randomUUID(),
      timestamp: '2024-03-05T12:02:00.000Z',
      properties: { $group_type: 'company', $group_key: 'co-1', $group_set: { name: 'Acme' } },
    },
  );
  const response = await sp.app.request('/batch/', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ api_key: TEST_PROJECT_KEY, batch }),
  });
  expect(response.status).toBe(200);
  const api = apiClient(sp);
  expect(
    (
      await api.post('/api/projects/@current/feature_flags/', {
        key: 'beta',
        name: 'Beta',
        filters: { groups: [{ properties: [], rollout_percentage: 40 }] },
      })
    ).status,
  ).toBe(201);
  expect(
    (
      await api.post('/api/projects/@current/cohorts/', {
        name: 'Testers',
        is_static: true,
        distinct_ids: ['user-1', 'user-2', 'user-5'],
      })
    ).status,
  ).toBe(201);
  expect(
    (
      await api.post('/api/projects/@current/insights/', {
        name: 'Views',
        query: { kind: 'InsightVizNode', source: TREND },
      })
    ).status,
  ).toBe(201);
  return batch.length;
}

describe.skipIf(SKIP)('npm run migrate-storage', () => {
  let pgCluster: PostgresCluster;
  let chCluster: ClickHouseCluster;
  let root: string;
  let source: string;
  let eventCount: number;
  let duckTrends: unknown;
  let duckFlags: unknown;
  let duckProjects: unknown;
  const clients: ClickHouseClient[] = [];

  const settings = async (
    database = `mig_${randomBytes(5).toString('hex')}`,
  ): Promise<DistributedSettings> => ({
    databaseUrl: await pgCluster.createDatabase(),
    clickhouse: {
      url: chCluster.nodes[0]?.url ?? '',
      nodes: chCluster.nodes.map((n) => n.url),
      cluster: chCluster.cluster,
      database,
      user: 'default',
      password: '',
      insertQuorum: undefined,
    },
  });
  const ch = (url: string, database?: string) => {
    const c = createClient({ url, database });
    clients.push(c);
    return c;
  };
  const chCount = async (client: ClickHouseClient, sql: string): Promise<number> => {
    const rs = await client.query({ query: sql, format: 'JSONEachRow' });
    return Number((await rs.json<{ n: string }>())[0]?.n);
  };

  beforeAll(async () => {
    [pgCluster, chCluster] = await Promise.all([startPostgresCluster(), acquireClickHouseCluster()]);
    root = mkdtempSync(path.join(tmpdir(), 'signpost-migrate-'));
    source = path.join(root, 'source');
    const sp = await server(source);
    eventCount = await seed(sp);
    duckTrends = await trends(sp);
    // Two series × two plans, with counts: an answer worth comparing.
    expect((duckTrends as { count: number }[]).filter((r) => r.count > 0).length).toBe(4);
    await sp.close();
    const reopened = await openDuckDbStorage(source);
    duckFlags = await reopened.flags.listFlags();
    duckProjects = await reopened.projects.listProjects();
    await reopened.close();
  }, 180_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await pgCluster?.stop();
    await releaseClickHouseCluster();
    rmSync(root, { recursive: true, force: true });
  });

  it('copies to PostgreSQL + ClickHouse, resumes an interrupted copy without duplicates, and verifies', async () => {
    const target = await settings();
    await expect(
      migrateStorage({
        to: 'postgres+clickhouse',
        dataDir: source,
        distributed: target,
        chunkRows: 7,
        out: quiet,
        afterChunk: (n) => {
          if (n === 3) throw new Error('interrupted after 3 chunks');
        },
      }),
    ).rejects.toThrow('interrupted after 3 chunks');
    const entry = ch(target.clickhouse.url);
    const events = `${target.clickhouse.database}.events`;
    expect(await chCount(entry, `SELECT count() AS n FROM ${events}`)).toBe(21);

    const checks = await migrateStorage({
      to: 'postgres+clickhouse',
      dataDir: source,
      distributed: target,
      chunkRows: 7,
      out: quiet,
    });
    expect(checks.every((c) => c.ok)).toBe(true);
    expect(checks.some((c) => c.what.startsWith('events env'))).toBe(true);
    // Raw rows, before any merge: the resumed run started after the third chunk, so nothing was sent twice.
    expect(await chCount(entry, `SELECT count() AS n FROM ${events}`)).toBe(eventCount);
    expect(await chCount(entry, `SELECT uniqExact(uuid) AS n FROM ${events}`)).toBe(eventCount);
    for (const node of chCluster.nodes)
      expect(
        await chCount(
          ch(node.url),
          `SELECT count() AS n FROM ${target.clickhouse.database}.cohort_static_members`,
        ),
      ).toBe(3);

    // PostgreSQL serves the same state through its own stores.
    const pg = await openPostgresStorage(target.databaseUrl);
    try {
      expect(await pg.flags.listFlags()).toEqual(duckFlags);
      expect(await pg.projects.listProjects()).toEqual(duckProjects);
      expect((await pg.cohorts.listCohorts()).map((c) => c.name)).toEqual(['Testers']);
    } finally {
      await pg.close();
    }

    // The ClickHouse dialect answers the same trends from the copied events and identities.
    const chServer = await server(path.join(root, 'ch-reader'), (storage) => ({
      ...storage,
      analytics: new ClickHouseQueryRunner(ch(target.clickhouse.url, target.clickhouse.database)),
    }));
    try {
      expect(await trends(chServer)).toEqual(duckTrends);
    } finally {
      await chServer.close();
    }

    // A finished copy run again changes nothing and still verifies; another folder is refused.
    expect(
      (await migrateStorage({ to: 'postgres+clickhouse', dataDir: source, distributed: target, out: quiet }))
        .length,
    ).toBe(checks.length);
    expect(await chCount(entry, `SELECT count() AS n FROM ${events}`)).toBe(eventCount);
    const other = path.join(root, 'other');
    await (await server(other, undefined, { SIGNPOST_PROJECT_API_KEY: 'phc_another_project_0001' })).close();
    await expect(
      migrateStorage({ to: 'postgres+clickhouse', dataDir: other, distributed: { ...target }, out: quiet }),
    ).rejects.toMatchObject({ code: 'TARGET_NOT_EMPTY' });

    // And back into a new DuckDB folder: the same checks, the same answers.
    const back = path.join(root, 'back');
    await expect(
      migrateStorage({ to: 'duckdb', dataDir: source, distributed: target, out: quiet }),
    ).rejects.toMatchObject({ code: 'TARGET_NOT_EMPTY' });
    const backChecks = await migrateStorage({
      to: 'duckdb',
      dataDir: back,
      distributed: target,
      chunkRows: 11,
      out: quiet,
    });
    expect(backChecks.every((c) => c.ok)).toBe(true);
    const backServer = await server(back);
    try {
      expect(await trends(backServer)).toEqual(duckTrends);
    } finally {
      await backServer.close();
    }
    const reopened = await openDuckDbStorage(back);
    try {
      expect(await reopened.flags.listFlags()).toEqual(duckFlags);
      expect(await reopened.projects.listProjects()).toEqual(duckProjects);
    } finally {
      await reopened.close();
    }
  }, 240_000);

  it('names an unreachable server in one line, exits 1, and writes nothing', async () => {
    const target = await settings();
    const deadPg = { ...target, databaseUrl: 'postgres://postgres@127.0.0.1:1/nowhere' };
    await expect(
      migrateStorage({ to: 'postgres+clickhouse', dataDir: source, distributed: deadPg, out: quiet }),
    ).rejects.toMatchObject({
      code: 'TARGET_UNREACHABLE',
      message: expect.stringContaining('PostgreSQL at postgres://postgres@127.0.0.1:1/nowhere'),
    });
    const deadCh = { ...target, clickhouse: { ...target.clickhouse, url: 'http://127.0.0.1:1', nodes: [] } };
    await expect(
      migrateStorage({ to: 'postgres+clickhouse', dataDir: source, distributed: deadCh, out: quiet }),
    ).rejects.toMatchObject({
      code: 'TARGET_UNREACHABLE',
      message: expect.stringContaining('ClickHouse at http://127.0.0.1:1'),
    });
    // Nothing was written: no schema in PostgreSQL, no database in ClickHouse.
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: target.databaseUrl });
    await client.connect();
    const tables = await client.query(
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'",
    );
    await client.end();
    expect(tables.rows[0]?.n).toBe(0);
    expect(
      await chCount(
        ch(target.clickhouse.url),
        `SELECT count() AS n FROM system.databases WHERE name = '${target.clickhouse.database}'`,
      ),
    ).toBe(0);

    const run = promisify(execFile);
    const failed = await run(process.execPath, ['--import', 'tsx', COMMAND, '--to', 'postgres+clickhouse'], {
      env: {
        PATH: process.env.PATH,
        SIGNPOST_DATA_DIR: source,
        SIGNPOST_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere',
        SIGNPOST_CLICKHOUSE_URL: target.clickhouse.url,
      },
    }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    const lines = (failed?.stderr ?? '').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^signpost: TARGET_UNREACHABLE: PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:1\/nowhere/,
    );
  }, 120_000);

  it('refuses a data folder another process holds (a running server), naming it', async () => {
    // Another process opens the file, as a running server does; DuckDB locks it against every other process.
    const holder = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import { DuckDBInstance } from '@duckdb/node-api'; await DuckDBInstance.create(process.argv[1]); console.log('ready'); setInterval(() => {}, 1000);",
        path.join(source, 'signpost.duckdb'),
      ],
      { cwd: fileURLToPath(new URL('../../..', import.meta.url)), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout?.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
        holder.once('exit', () => reject(new Error('the holder exited')));
      });
      await expect(
        migrateStorage({
          to: 'postgres+clickhouse',
          dataDir: source,
          distributed: await settings(),
          out: quiet,
        }),
      ).rejects.toMatchObject({ code: 'DATA_DIR_LOCKED', message: expect.stringContaining(source) });
    } finally {
      if (holder.pid) process.kill(holder.pid);
    }
  }, 60_000);
});
