import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { createSignpost, type Signpost } from '../../server.ts';
import {
  acquireClickHouseCluster,
  releaseClickHouseCluster,
} from '../../testing/clickhouse/shared-cluster.ts';
import { type PostgresCluster, startPostgresCluster } from '../../testing/postgres/postgres-cluster.ts';
import { startTcpProxy, type TcpProxy } from '../../testing/tcp-proxy.ts';
import { silentLogger } from '../../util/logger.ts';
import { openDistributedStorage } from './open-distributed-storage.ts';

// Issue 13 "Bad input and faults": ClickHouse down → capture 503 (nothing acknowledged is lost), /flags keeps
// answering from memory, insights 503 STORAGE_UNAVAILABLE; PostgreSQL down → writes 503; both recover by
// themselves. The servers are cut at the network (a proxy refusing connections), as a stopped server looks.

const PROJECT_KEY = 'phc_faults_test_key';
const PERSONAL_KEY = 'phx_faults_test_key';
const DAY = '2026-03-02';

let pg: PostgresCluster;
let pgProxy: TcpProxy;
let chProxy: TcpProxy;
let signpost: Signpost;

const request = (path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') =>
  signpost.app.request(path, {
    method,
    headers: { authorization: `Bearer ${PERSONAL_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

const capture = (uuids: string[]) =>
  request('/batch/', {
    api_key: PROJECT_KEY,
    batch: uuids.map((uuid) => ({
      uuid,
      event: 'fault.probe',
      distinct_id: `u-${uuid.slice(0, 4)}`,
      timestamp: `${DAY}T10:00:00Z`,
    })),
  });

const probeCount = async (): Promise<{ status: number; count?: number; code?: string }> => {
  const res = await request('/api/projects/@current/query/', {
    query: {
      kind: 'TrendsQuery',
      series: [{ kind: 'EventsNode', event: 'fault.probe' }],
      dateRange: { date_from: DAY, date_to: DAY },
    },
    refresh: 'force_blocking',
  });
  const json = (await res.json()) as { results?: { count: number }[]; code?: string };
  return { status: res.status, count: json.results?.[0]?.count, code: json.code };
};

const flagEnabled = async () => {
  const res = await signpost.app.request('/flags/?v=2', {
    method: 'POST',
    body: JSON.stringify({ api_key: PROJECT_KEY, distinct_id: 'anyone' }),
  });
  const json = (await res.json()) as { flags?: Record<string, { enabled: boolean }> };
  return { status: res.status, enabled: json.flags?.['kill-switch']?.enabled };
};

const eventually = async (check: () => Promise<boolean>, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('distributed mode when a server goes away', () => {
  beforeAll(async () => {
    pg = await startPostgresCluster();
    const url = new URL(await pg.createDatabase());
    pgProxy = await startTcpProxy(Number(url.port));
    url.port = String(pgProxy.port);
    const ch = await acquireClickHouseCluster();
    const entry = ch.nodes[0];
    if (!entry) throw new Error('no ClickHouse node');
    chProxy = await startTcpProxy(Number(new URL(entry.url).port));
    const proxied = `http://127.0.0.1:${chProxy.port}`;
    const config = loadConfig({
      SIGNPOST_PROJECT_API_KEY: PROJECT_KEY,
      SIGNPOST_PERSONAL_API_KEY: PERSONAL_KEY,
      SIGNPOST_DATABASE_URL: url.toString(),
      SIGNPOST_CLICKHOUSE_URL: proxied,
      SIGNPOST_CLICKHOUSE_NODES: [proxied, ...ch.nodes.slice(1).map((n) => n.url)].join(','),
      SIGNPOST_CLICKHOUSE_CLUSTER: ch.cluster,
      SIGNPOST_CLICKHOUSE_DATABASE: `faults_${randomBytes(4).toString('hex')}`,
    });
    if (!config.distributed) throw new Error('distributed settings missing');
    const storage = await openDistributedStorage(config.distributed, silentLogger);
    signpost = await createSignpost({ config, storage, logger: silentLogger });
    const created = await request('/api/projects/@current/feature_flags/', {
      key: 'kill-switch',
      filters: { groups: [{ rollout_percentage: 100 }] },
    });
    expect(created.status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await pgProxy?.up().catch(() => undefined);
    await chProxy?.up().catch(() => undefined);
    await signpost?.close();
    await pgProxy?.close();
    await chProxy?.close();
    await releaseClickHouseCluster();
    await pg?.stop();
  });

  it('ClickHouse down: capture 503 and nothing half-stored, /flags answers, insights 503; all recover', async () => {
    const before = [randomUUID(), randomUUID()];
    expect((await capture(before)).status).toBe(200);
    expect(await probeCount()).toMatchObject({ status: 200, count: 2 });

    await chProxy.down();
    const during = [randomUUID(), randomUUID(), randomUUID()];
    const refused = await capture(during);
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    expect(await flagEnabled()).toEqual({ status: 200, enabled: true });
    expect(await probeCount()).toMatchObject({ status: 503, code: 'STORAGE_UNAVAILABLE' });
    const health = await signpost.app.request('/_health');
    expect(health.status).toBe(503);

    await chProxy.up();
    // The SDK's retry of the refused batch: stored once, and the batch acknowledged before is not doubled.
    expect((await capture(during)).status).toBe(200);
    expect((await capture(during)).status).toBe(200);
    expect(await probeCount()).toMatchObject({ status: 200, count: 5 });
    await eventually(async () => (await signpost.app.request('/_health')).status === 200);
  }, 60_000);

  it('PostgreSQL down: writes 503, /flags answers from memory; all recover', async () => {
    await pgProxy.down();
    const refused = await capture([randomUUID()]);
    expect(refused.status).toBe(503);
    const edit = await request('/api/projects/@current/feature_flags/', { key: 'written-while-down' });
    expect(edit.status).toBe(503);
    expect(await edit.json()).toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    expect(await flagEnabled()).toEqual({ status: 200, enabled: true });

    await pgProxy.up();
    await eventually(async () => (await capture([randomUUID()])).status === 200);
    const created = await request('/api/projects/@current/feature_flags/', { key: 'written-after' });
    expect(created.status).toBe(201);
    await eventually(async () => (await signpost.app.request('/_health')).status === 200);
  }, 60_000);
});
