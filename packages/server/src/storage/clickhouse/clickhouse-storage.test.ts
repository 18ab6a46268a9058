import { randomBytes, randomUUID } from 'node:crypto';
import { type ClickHouseClient, createClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../events/event.ts';
import {
  acquireClickHouseCluster,
  releaseClickHouseCluster,
} from '../../testing/clickhouse/shared-cluster.ts';
import { ClickHouseEventWriter } from './clickhouse-event-writer.ts';
import { migrateClickHouse } from './clickhouse-migrate.ts';
import { ClickHouseQueryRunner } from './clickhouse-query-runner.ts';
import { type ClickHouseTopology, tableEngine } from './clickhouse-topology.ts';

const SKIP = process.env.SIGNPOST_TEST_CLICKHOUSE === '0';

const event = (distinctId: string, i: number): StoredEvent => ({
  uuid: randomUUID(),
  projectId: 7,
  event: 'e',
  distinctId,
  personId: randomUUID(),
  timestamp: new Date(Date.UTC(2024, 2, 1 + (i % 60))),
  createdAt: new Date(),
  properties: { i },
  groups: ['', '', '', '', ''],
});

describe('table engines', () => {
  it('are plain MergeTree locally and Replicated with Keeper paths in production', () => {
    const local: ClickHouseTopology = { database: 'sp', cluster: 'c', replicated: false };
    const prod: ClickHouseTopology = { ...local, replicated: true };
    const replacing = { kind: 'ReplacingMergeTree', version: 'v' } as const;
    expect(tableEngine(local, 'events_local', replacing, 'sharded')).toBe('ReplacingMergeTree(v)');
    expect(tableEngine(prod, 'events_local', replacing, 'sharded')).toBe(
      "ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/sp.events_local', '{replica}', v)",
    );
    expect(tableEngine(prod, 'persons', replacing, 'everywhere')).toBe(
      "ReplicatedReplacingMergeTree('/clickhouse/tables/noshard/sp.persons', '{replica}-{shard}', v)",
    );
  });
});

describe.skipIf(SKIP)('ClickHouse storage on the 2×2 cluster', () => {
  let nodes: ClickHouseClient[];
  let topology: ClickHouseTopology;
  let writer: ClickHouseEventWriter;
  let runner: ClickHouseQueryRunner;
  const count = async (node: ClickHouseClient, table: string, final = '') => {
    const rs = await node.query({
      query: `SELECT count() AS n FROM ${topology.database}.${table} ${final}`,
      format: 'JSONEachRow',
    });
    return Number((await rs.json<{ n: string }>())[0]?.n);
  };

  beforeAll(async () => {
    const cluster = await acquireClickHouseCluster();
    topology = {
      database: `sp_${randomBytes(5).toString('hex')}`,
      cluster: cluster.cluster,
      replicated: false,
    };
    nodes = cluster.nodes.map((n) => createClient({ url: n.url }));
    await migrateClickHouse(topology, nodes);
    // Migrating twice is harmless: several Signpost nodes may start together.
    await migrateClickHouse(topology, nodes);
    writer = new ClickHouseEventWriter(topology, nodes);
    runner = new ClickHouseQueryRunner(
      createClient({ url: cluster.nodes[0]?.url ?? '', database: topology.database }),
    );
  });
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.close()));
    await releaseClickHouseCluster();
  });

  it('shards events by distinct id, writes both replicas, and a retried batch folds into one copy', async () => {
    const batch = Array.from({ length: 400 }, (_, i) => event(`user-${i % 50}`, i));
    await writer.insertEvents(batch);
    const local = await Promise.all(nodes.map((n) => count(n, 'events_local')));
    // Replicas of a shard hold the same rows; the two shards split them; every node reads all of them.
    expect(local[0]).toBe(local[1]);
    expect(local[2]).toBe(local[3]);
    expect((local[0] ?? 0) + (local[2] ?? 0)).toBe(400);
    expect(local[0]).toBeGreaterThan(0);
    expect(local[2]).toBeGreaterThan(0);
    for (const n of nodes) expect(await count(n, 'events')).toBe(400);
    // The same events again (a client retry after a lost 200): 800 raw rows, 400 once parts merge.
    await writer.insertEvents(batch);
    expect(await count(nodes[0] as ClickHouseClient, 'events')).toBe(800);
    expect(await count(nodes[0] as ClickHouseClient, 'events', 'FINAL')).toBe(400);
  });

  it('copies identities to every node, read by their newest version', async () => {
    const id = randomUUID();
    const person = (version: number, plan: string) => ({
      person: {
        id,
        projectId: 7,
        createdAt: new Date(),
        properties: { plan },
        isIdentified: true,
        version,
        distinctIds: [],
      },
      deleted: false,
    });
    await writer.insertIdentities({ persons: [person(1, 'free')] });
    await writer.insertIdentities({ persons: [person(2, 'pro')] });
    for (const n of nodes) expect(await count(n, 'persons')).toBe(2);
    const rows = await runner.run(
      'SELECT argMax(properties, version) AS p FROM persons WHERE id = $1 GROUP BY id',
      [id],
      { timeoutMs: 10_000 },
    );
    expect(rows).toEqual([{ p: '{"plan":"pro"}' }]);
  });

  it('binds every value type as a typed parameter, never as SQL text', async () => {
    const rows = await runner.run(
      "SELECT $1 AS s, $2 AS i, $3 AS f, $4 AS b, $5 AS n, $6 AS t, length($7) AS l, '$1' AS literal",
      ["x'); DROP TABLE persons; --", 42, 1.5, true, null, new Date('2024-03-01T10:00:00.123Z'), ['a', 'b']],
      { timeoutMs: 10_000 },
    );
    expect(rows).toEqual([
      {
        s: "x'); DROP TABLE persons; --",
        i: 42,
        f: 1.5,
        b: true,
        n: null,
        t: '2024-03-01 10:00:00.123000',
        l: 2,
        literal: '$1',
      },
    ]);
  });

  it('stops a statement over its time budget with QUERY_TIMEOUT, and reads at most maxRows + 1 rows', async () => {
    await expect(
      runner.run('SELECT count() FROM numbers(100000000000) WHERE cityHash64(number) = 0', [], {
        timeoutMs: 300,
      }),
    ).rejects.toMatchObject({ code: 'QUERY_TIMEOUT' });
    const rows = await runner.run('SELECT number FROM numbers(1000000)', [], {
      timeoutMs: 10_000,
      maxRows: 10,
    });
    expect(rows).toHaveLength(11);
  });
});
