import { randomBytes, randomUUID } from 'node:crypto';
import { type ClickHouseClient, createClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../events/event.ts';
import { RetentionJob } from '../../retention/retention-job.ts';
import {
  acquireClickHouseCluster,
  releaseClickHouseCluster,
} from '../../testing/clickhouse/shared-cluster.ts';
import { silentLogger } from '../../util/logger.ts';
import { ClickHouseEventRetentionStore } from './clickhouse-event-retention-store.ts';
import { ClickHouseEventWriter } from './clickhouse-event-writer.ts';
import { migrateClickHouse } from './clickhouse-migrate.ts';
import type { ClickHouseTopology } from './clickhouse-topology.ts';

const SKIP = process.env.SIGNPOST_TEST_CLICKHOUSE === '0';
const DAY_MS = 86_400_000;
const NOW = Date.parse('2025-06-10T12:00:00Z');

/** One event a day for `days` days before today, at noon, for `projectId`. */
const daily = (projectId: number, days: number): StoredEvent[] =>
  Array.from({ length: days }, (_, i) => ({
    uuid: randomUUID(),
    projectId,
    event: 'pageview',
    distinctId: `user-${i % 9}`,
    personId: randomUUID(),
    timestamp: new Date(Math.floor(NOW / DAY_MS) * DAY_MS - (i + 1) * DAY_MS + DAY_MS / 2),
    createdAt: new Date(NOW),
    properties: { i },
    groups: ['', '', '', '', ''],
  }));

describe.skipIf(SKIP)('retention on the 2×2 ClickHouse cluster', () => {
  let nodes: ClickHouseClient[];
  let reader: ClickHouseClient;
  let topology: ClickHouseTopology;

  beforeAll(async () => {
    const cluster = await acquireClickHouseCluster();
    topology = {
      database: `sp_${randomBytes(5).toString('hex')}`,
      cluster: cluster.cluster,
      replicated: false,
    };
    nodes = cluster.nodes.map((n) => createClient({ url: n.url }));
    await migrateClickHouse(topology, nodes);
    reader = createClient({ url: cluster.nodes[0]?.url ?? '', database: topology.database });
  });
  afterAll(async () => {
    await Promise.all([...nodes, reader].map((n) => n.close()));
    await releaseClickHouseCluster();
  });

  const uuidsOf = async (projectId: number) => {
    const rs = await reader.query({
      query: 'SELECT DISTINCT toString(uuid) AS u FROM events WHERE project_id = {p:Int64} ORDER BY u',
      query_params: { p: projectId },
      format: 'JSONEachRow',
    });
    return (await rs.json<{ u: string }>()).map((r) => r.u);
  };
  const partitions = async () => {
    const rs = await nodes[0]?.query({
      query: `SELECT DISTINCT partition FROM system.parts WHERE database = {db:String} AND table = 'events_local'
              AND active ORDER BY partition`,
      query_params: { db: topology.database },
      format: 'JSONEachRow',
    });
    return ((await rs?.json<{ partition: string }>()) ?? []).map((r) => r.partition);
  };

  it('drops whole months no other project uses, deletes the rest by mutation, and keeps what is younger', async () => {
    // Project 7: 120 days back (February to June). Project 8: only the last 20 days, which share June.
    const seven = daily(7, 120);
    const eight = daily(8, 20);
    await new ClickHouseEventWriter(topology, nodes).insertEvents([...seven, ...eight]);
    expect(await partitions()).toEqual(['202502', '202503', '202504', '202505', '202506']);
    const store = new ClickHouseEventRetentionStore(reader, topology, nodes);
    const job = new RetentionJob({
      store,
      policies: () => [{ projectId: 7, days: 45, rollups: false }],
      environmentsOf: (projectId) => [projectId],
      logger: silentLogger,
      now: () => new Date(NOW),
    });
    // Horizon: 2025-04-26 00:00 UTC. February and March go as partitions; April's tail by mutation.
    const horizon = Date.parse('2025-04-26T00:00:00Z');
    const kept = seven.filter((e) => e.timestamp.getTime() >= horizon);
    const run = await job.runOnce();
    expect(run.deleted.get(7)).toBe(seven.length - kept.length);
    expect(await uuidsOf(7)).toEqual(kept.map((e) => e.uuid).sort());
    expect(await uuidsOf(8)).toEqual(eight.map((e) => e.uuid).sort());
    expect(await partitions()).toEqual(['202504', '202505', '202506']);
    // A second run finds nothing left to delete.
    expect((await job.runOnce()).deleted.get(7)).toBe(0);
    const volume = await store.volume([7], new Date(NOW - 10 * DAY_MS));
    expect(volume.total.events).toBe(kept.length);
    expect(volume.days.map((d) => d.events)).toEqual(Array.from({ length: 10 }, () => 1));
  });
});
