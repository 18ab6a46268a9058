import { randomBytes } from 'node:crypto';
import { type ClickHouseClient, createClient } from '@clickhouse/client';
import type { QueryRunner } from '../../query/query-runner.ts';
import { ClickHouseEventExportStore } from '../../storage/clickhouse/clickhouse-event-export-store.ts';
import { ClickHouseEventStore } from '../../storage/clickhouse/clickhouse-event-store.ts';
import { ClickHouseEventWriter } from '../../storage/clickhouse/clickhouse-event-writer.ts';
import { migrateClickHouse } from '../../storage/clickhouse/clickhouse-migrate.ts';
import { ClickHouseQueryRunner } from '../../storage/clickhouse/clickhouse-query-runner.ts';
import { IDENTITY_TABLES } from '../../storage/clickhouse/clickhouse-schema.ts';
import type { ClickHouseTopology } from '../../storage/clickhouse/clickhouse-topology.ts';
import type { Storage } from '../../storage/storage.ts';
import { type InProcess, inProcess } from '../in-process.ts';
import { readDuckDbAnalytics } from './duckdb-mirror.ts';
import { acquireClickHouseCluster, releaseClickHouseCluster } from './shared-cluster.ts';

// Row counts and version sums of what the mirror copies: any write ingestion or the API makes changes one.
const FINGERPRINT = `SELECT concat_ws(' ',
  (SELECT count(*)::VARCHAR FROM events),
  (SELECT count(*)::VARCHAR || ':' || coalesce(sum(version), 0)::VARCHAR FROM persons),
  (SELECT count(*)::VARCHAR || ':' || coalesce(sum(version), 0)::VARCHAR FROM person_distinct_ids),
  (SELECT count(*)::VARCHAR FROM person_overrides),
  (SELECT count(*)::VARCHAR || ':' || coalesce(sum(version), 0)::VARCHAR FROM groups),
  (SELECT count(*)::VARCHAR FROM cohort_static_members)) AS state`;

export interface ClickHouseMirrorOptions {
  /** Insert every mirrored event twice (a retried batch: same uuids, later `inserted_at`), merges stopped. */
  insertTwice?: boolean;
}

export interface ClickHouseInProcess extends InProcess {
  /** The DuckDB stores the mirror copies from: the reference answers for the ClickHouse ones. */
  duckdb: Storage;
  /** Rows of the events table as stored (`raw`) and once per event (`folded`, read with FINAL). */
  eventRows(): Promise<{ raw: number; folded: number }>;
}

/**
 * Signpost in process whose insight queries, events API and exports run on the 2×2 ClickHouse test cluster. Capture still goes to
 * DuckDB (the lead wires ClickHouse ingestion later); before a query, whatever DuckDB holds that changed
 * (events, and the identity versions ingestion produced) is replayed into a fresh ClickHouse database
 * through the ClickHouse writer, so both engines hold the same data and answer the same queries.
 */
export async function inProcessClickHouse(
  env: Record<string, string> = {},
  options: ClickHouseMirrorOptions = {},
): Promise<ClickHouseInProcess> {
  const cluster = await acquireClickHouseCluster();
  const topology: ClickHouseTopology = {
    database: `signpost_test_${randomBytes(6).toString('hex')}`,
    cluster: cluster.cluster,
    replicated: false,
  };
  const nodes: ClickHouseClient[] = cluster.nodes.map((n) => createClient({ url: n.url }));
  await migrateClickHouse(topology, nodes);
  // Merges would fold the duplicates in the background at any moment; stopped, they stay until read.
  if (options.insertTwice)
    await Promise.all(
      nodes.map((n) => n.command({ query: `SYSTEM STOP MERGES ${topology.database}.events_local` })),
    );
  const reader = createClient({ url: cluster.nodes[0]?.url ?? '', database: topology.database });
  const writer = new ClickHouseEventWriter(topology, nodes);
  let duckRunner: QueryRunner | undefined;
  let duckStorage: Storage | undefined;
  const clickHouse = new ClickHouseQueryRunner(reader);
  let copied = '';
  let syncing: Promise<void> = Promise.resolve();

  const mirror = async (duck: QueryRunner) => {
    const { events, identities } = await readDuckDbAnalytics(duck);
    const tables = ['events_local', ...IDENTITY_TABLES];
    await Promise.all(
      nodes.flatMap((node) =>
        tables.map((t) => node.command({ query: `TRUNCATE TABLE ${topology.database}.${t}` })),
      ),
    );
    await writer.insertEvents(events);
    if (options.insertTwice) await writer.insertEvents(events);
    await writer.insertIdentities(identities);
  };
  // Before each query: when DuckDB holds anything new (a capture, a static cohort's members), copy it all.
  // Serialised, because one insight runs several statements at once.
  const sync = (duck: QueryRunner) => {
    syncing = syncing.then(async () => {
      const state = JSON.stringify(await duck.run(FINGERPRINT, [], { timeoutMs: 60_000 }));
      if (state === copied) return;
      await mirror(duck);
      copied = state;
    });
    return syncing;
  };
  const events = new ClickHouseEventStore(reader, topology);
  const eventExport = new ClickHouseEventExportStore(reader, topology);
  const server = await inProcess('duckdb', env, undefined, (storage) => {
    duckStorage = storage;
    duckRunner = storage.analytics;
    const duck = duckRunner;
    if (!duck) throw new Error('DuckDB storage has no SQL runner');
    // Every read of events goes to ClickHouse, once the mirror has caught up with DuckDB.
    const synced =
      <A extends unknown[], R>(read: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        await sync(duck);
        return read(...args);
      };
    return {
      ...storage,
      events: {
        listEvents: synced((q) => events.listEvents(q)),
        recentEventUuids: synced((n) => events.recentEventUuids(n)),
        recentEventUuidPages: (n) => events.recentEventUuidPages(n),
        storedEventUuids: synced((p, uuids) => events.storedEventUuids(p, uuids)),
      },
      eventExport: {
        count: synced((f) => eventExport.count(f)),
        open: synced((f) => eventExport.open(f)),
        writeParquet: synced((f, file) => eventExport.writeParquet(f, file)),
      },
      analytics: {
        dialect: clickHouse.dialect,
        run: async (sql, params, options) => {
          await sync(duck);
          return clickHouse.run(sql, params, options);
        },
      },
    };
  });

  if (!duckStorage) throw new Error('The DuckDB storage was never opened');
  return {
    ...server,
    duckdb: duckStorage,
    async eventRows() {
      if (duckRunner) await sync(duckRunner);
      const count = async (final: string) => {
        const rs = await reader.query({
          query: `SELECT count() AS n FROM ${topology.database}.events ${final}`,
          format: 'JSONEachRow',
        });
        return Number((await rs.json<{ n: string }>())[0]?.n);
      };
      return { raw: await count(''), folded: await count('FINAL') };
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
