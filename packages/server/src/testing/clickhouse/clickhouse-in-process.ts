import { randomBytes } from 'node:crypto';
import { type ClickHouseClient, createClient } from '@clickhouse/client';
import type { QueryRunner } from '../../query/query-runner.ts';
import { ClickHouseEventWriter } from '../../storage/clickhouse/clickhouse-event-writer.ts';
import { migrateClickHouse } from '../../storage/clickhouse/clickhouse-migrate.ts';
import { ClickHouseQueryRunner } from '../../storage/clickhouse/clickhouse-query-runner.ts';
import { IDENTITY_TABLES } from '../../storage/clickhouse/clickhouse-schema.ts';
import type { ClickHouseTopology } from '../../storage/clickhouse/clickhouse-topology.ts';
import { type InProcess, inProcess } from '../in-process.ts';
import { readDuckDbAnalytics } from './duckdb-mirror.ts';
import { acquireClickHouseCluster, releaseClickHouseCluster } from './shared-cluster.ts';

/**
 * Signpost in process whose insight queries run on the 2×2 ClickHouse test cluster. Capture still goes
 * to DuckDB (the lead wires ClickHouse ingestion later); after every accepted capture the events and the
 * identity versions ingestion produced are replayed into a fresh ClickHouse database through the
 * ClickHouse writer, so both engines hold the same data and answer the same queries.
 */
export async function inProcessClickHouse(env: Record<string, string> = {}): Promise<InProcess> {
  const cluster = await acquireClickHouseCluster();
  const topology: ClickHouseTopology = {
    database: `signpost_test_${randomBytes(6).toString('hex')}`,
    cluster: cluster.cluster,
    replicated: false,
  };
  const nodes: ClickHouseClient[] = cluster.nodes.map((n) => createClient({ url: n.url }));
  await migrateClickHouse(topology, nodes);
  const reader = createClient({ url: cluster.nodes[0]?.url ?? '', database: topology.database });
  const writer = new ClickHouseEventWriter(topology, nodes);
  let duckRunner: QueryRunner | undefined;
  const server = await inProcess('duckdb', env, undefined, (storage) => {
    duckRunner = storage.analytics;
    return { ...storage, analytics: new ClickHouseQueryRunner(reader) };
  });

  const mirror = async () => {
    if (!duckRunner) throw new Error('DuckDB storage has no SQL runner');
    const { events, identities } = await readDuckDbAnalytics(duckRunner);
    const tables = ['events_local', ...IDENTITY_TABLES];
    await Promise.all(
      nodes.flatMap((node) =>
        tables.map((t) => node.command({ query: `TRUNCATE TABLE ${topology.database}.${t}` })),
      ),
    );
    await writer.insertEvents(events);
    await writer.insertIdentities(identities);
  };

  return {
    ...server,
    async capture(body, path) {
      const response = await server.capture(body, path);
      if (response.status === 200) await mirror();
      return response;
    },
    async stop() {
      await server.stop();
      await Promise.all(
        nodes.map((node) => node.command({ query: `DROP DATABASE IF EXISTS ${topology.database} SYNC` })),
      );
      await Promise.all([...nodes, reader].map((c) => c.close()));
      await releaseClickHouseCluster();
    },
  };
}
