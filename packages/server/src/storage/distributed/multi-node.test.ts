import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from '@clickhouse/client';
import { PostHog } from 'posthog-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acquireClickHouseCluster,
  releaseClickHouseCluster,
} from '../../testing/clickhouse/shared-cluster.ts';
import { type PostgresCluster, startPostgresCluster } from '../../testing/postgres/postgres-cluster.ts';
import { type SpawnedServer, spawnServer } from '../../testing/spawn-server.ts';

// Issue 13 §5/§7: two Signpost processes on one PostgreSQL and one 2×2 ClickHouse cluster, as behind a load
// balancer. posthog-node's requests alternate between the nodes (identify/alias races on the same users), then one
// node is SIGKILLed under load: every event either node acknowledged must be in ClickHouse, exactly once, and every
// person must be whole.

const PROJECT_KEY = 'phc_multinode_test_key';
const PERSONAL_KEY = 'phx_multinode_test_key';

interface ApiPerson {
  distinct_ids: string[];
  properties: Record<string, unknown>;
}

let pgCluster: PostgresCluster;
let nodes: SpawnedServer[] = [];
let env: NodeJS.ProcessEnv;
const dataDirs: string[] = [];
let chUrl: string;
let database: string;

async function startNode(): Promise<SpawnedServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'signpost-node-'));
  dataDirs.push(dir);
  return spawnServer({ ...env, SIGNPOST_DATA_DIR: dir });
}

const api = async <T>(node: SpawnedServer, route: string, init: RequestInit = {}): Promise<T> => {
  const response = await fetch(`${node.url}${route}`, {
    ...init,
    headers: { authorization: `Bearer ${PERSONAL_KEY}`, 'content-type': 'application/json' },
  });
  if (!response.ok) throw new Error(`${route}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
};

const personOf = async (node: SpawnedServer, distinctId: string): Promise<ApiPerson[]> =>
  (
    await api<{ results: ApiPerson[] }>(
      node,
      `/api/projects/@current/persons/?${new URLSearchParams({ distinct_id: distinctId })}`,
    )
  ).results;

/** posthog-node whose every request goes to the next node in turn, as a round-robin load balancer would. */
function roundRobinClient(targets: SpawnedServer[]): PostHog {
  let next = 0;
  return new PostHog(PROJECT_KEY, {
    host: targets[0]?.url ?? '',
    flushAt: 20,
    flushInterval: 0,
    fetch: (url, options) => {
      const target = targets[next++ % targets.length] as SpawnedServer;
      const rewritten = new URL(url);
      const base = new URL(target.url);
      rewritten.host = base.host;
      return fetch(rewritten, options as RequestInit);
    },
  });
}

async function clickhouseUuids(uuids: string[]): Promise<Map<string, number>> {
  const client = createClient({ url: chUrl });
  try {
    const result = await client.query({
      query: `SELECT toString(uuid) AS id, count() AS n FROM ${database}.events
        WHERE uuid IN {uuids:Array(UUID)} GROUP BY uuid`,
      query_params: { uuids },
      format: 'JSONEachRow',
      clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
    });
    const rows = await result.json<{ id: string; n: number }>();
    return new Map(rows.map((r) => [r.id, r.n]));
  } finally {
    await client.close();
  }
}

describe('two Signpost nodes on PostgreSQL + ClickHouse', () => {
  beforeAll(async () => {
    pgCluster = await startPostgresCluster();
    const ch = await acquireClickHouseCluster();
    chUrl = ch.nodes[0]?.url ?? '';
    database = `multinode_${randomBytes(4).toString('hex')}`;
    env = {
      ...process.env,
      SIGNPOST_DATABASE_URL: await pgCluster.createDatabase(),
      SIGNPOST_CLICKHOUSE_URL: chUrl,
      SIGNPOST_CLICKHOUSE_NODES: ch.nodes.map((n) => n.url).join(','),
      SIGNPOST_CLICKHOUSE_CLUSTER: ch.cluster,
      SIGNPOST_CLICKHOUSE_DATABASE: database,
      SIGNPOST_PROJECT_API_KEY: PROJECT_KEY,
      SIGNPOST_PERSONAL_API_KEY: PERSONAL_KEY,
      SIGNPOST_RATE_LIMIT_CAPTURE_PER_KEY: '0',
      SIGNPOST_RATE_LIMIT_CAPTURE_PER_IP: '0',
    };
    // Started together: the migrations' advisory lock makes one of them migrate and the other wait.
    nodes = await Promise.all([startNode(), startNode()]);
  }, 120_000);

  afterAll(async () => {
    for (const n of nodes) n.child.kill('SIGKILL');
    await Promise.all(nodes.map((n) => n.exited));
    await Promise.all(dataDirs.map((d) => rm(d, { recursive: true, force: true })));
    await releaseClickHouseCluster();
    await pgCluster?.stop();
  });

  it('merges identities raced across both nodes into one person each, keeping every update', async () => {
    const [a, b] = nodes as [SpawnedServer, SpawnedServer];
    const users = Array.from({ length: 40 }, (_, i) => `mn-user-${i}-${randomUUID().slice(0, 8)}`);
    const viaBoth = roundRobinClient([a, b]);
    const viaB = roundRobinClient([b, a]);
    for (const [i, u] of users.entries()) {
      viaBoth.capture({ distinctId: `anon-${u}`, event: 'landing', properties: { $set: { seen: i } } });
      viaB.capture({ distinctId: u, event: 'signup', properties: { $set_once: { first: i } } });
      viaBoth.identify({ distinctId: u, properties: { plan: 'pro' } });
      viaB.alias({ distinctId: u, alias: `anon-${u}` });
      viaBoth.groupIdentify({ groupType: 'company', groupKey: `co-${i % 4}`, properties: { size: i } });
    }
    await Promise.all([viaBoth.shutdown(), viaB.shutdown()]);
    for (const [i, u] of users.entries()) {
      for (const node of [a, b]) {
        const persons = await personOf(node, u);
        expect(persons).toHaveLength(1);
        expect(persons[0]?.distinct_ids.sort()).toEqual([u, `anon-${u}`].sort());
        expect(persons[0]?.properties).toMatchObject({ seen: i, first: i, plan: 'pro' });
      }
    }
  }, 120_000);

  it('serves a flag created on one node from the other within a second', async () => {
    const [a, b] = nodes as [SpawnedServer, SpawnedServer];
    const key = `mn-flag-${randomUUID().slice(0, 8)}`;
    await api(a, '/api/projects/@current/feature_flags/', {
      method: 'POST',
      body: JSON.stringify({ key, filters: { groups: [{ properties: [], rollout_percentage: 100 }] } }),
    });
    const started = Date.now();
    let served = false;
    while (!served && Date.now() - started < 5_000) {
      const response = await fetch(`${b.url}/flags/?v=2`, {
        method: 'POST',
        body: JSON.stringify({ api_key: PROJECT_KEY, distinct_id: 'someone' }),
      });
      const body = (await response.json()) as { flags?: Record<string, { enabled: boolean }> };
      served = body.flags?.[key]?.enabled === true;
      if (!served) await new Promise((r) => setTimeout(r, 50));
    }
    expect(served).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('loses no acknowledged event when a node is killed under load', async () => {
    const [a, b] = nodes as [SpawnedServer, SpawnedServer];
    const acknowledged: string[] = [];
    let stop = false;
    const sender = async (offset: number) => {
      for (let round = 0; !stop; round++) {
        const target = (round + offset) % 2 === 0 ? a : b;
        const events = Array.from({ length: 50 }, (_, i) => ({
          uuid: randomUUID(),
          event: 'load',
          distinct_id: `load-${offset}-${i % 7}`,
          properties: { round },
          timestamp: new Date().toISOString(),
        }));
        try {
          const response = await fetch(`${target.url}/batch/`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ api_key: PROJECT_KEY, batch: events }),
          });
          if (response.status === 200) acknowledged.push(...events.map((e) => e.uuid));
        } catch {
          // the killed node: nothing acknowledged, the sender moves on
        }
      }
    };
    const senders = [0, 1, 2, 3].map(sender);
    // Counted in acknowledged events, not seconds: a loaded machine must not make the test kill B before any load.
    const ackedAtLeast = async (n: number) => {
      const deadline = Date.now() + 40_000;
      while (acknowledged.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    };
    await ackedAtLeast(300);
    b.child.kill('SIGKILL');
    await b.exited;
    const atKill = acknowledged.length;
    await ackedAtLeast(atKill + 200);
    stop = true;
    await Promise.all(senders);
    expect(atKill).toBeGreaterThanOrEqual(300);
    // The survivor kept acknowledging after the kill.
    expect(acknowledged.length).toBeGreaterThanOrEqual(atKill + 200);
    const stored = new Map<string, number>();
    for (let i = 0; i < acknowledged.length; i += 500) {
      for (const [uuid, n] of await clickhouseUuids(acknowledged.slice(i, i + 500))) stored.set(uuid, n);
    }
    const missing = acknowledged.filter((u) => !stored.has(u));
    expect(missing).toEqual([]);
    // The survivor still answers for every load user, each with one person.
    for (let offset = 0; offset < 4; offset++) {
      const persons = await personOf(a, `load-${offset}-3`);
      expect(persons).toHaveLength(1);
    }
  }, 120_000);
});
