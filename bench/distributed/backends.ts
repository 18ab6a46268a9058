import { randomBytes } from 'node:crypto';
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import type { ClickHouseCluster } from '../../packages/server/src/testing/clickhouse/clickhouse-cluster.ts';
import {
  acquireClickHouseCluster,
  releaseClickHouseCluster,
} from '../../packages/server/src/testing/clickhouse/shared-cluster.ts';
import {
  type PostgresCluster,
  startPostgresCluster,
} from '../../packages/server/src/testing/postgres/postgres-cluster.ts';
import { pidsWithArgument } from './process-cpu.ts';

/**
 * What distributed mode runs on, all on this machine: one PostgreSQL and the 2-shard × 2-replica ClickHouse
 * test cluster. Each bench target gets a fresh PostgreSQL database and ClickHouse database of its own, so the
 * events one target stored can be counted apart from the others'.
 */
export interface Backends {
  clickhouse: ClickHouseCluster;
  /** Environment for a Signpost node of `store` whose ClickHouse entry is node `entry` of the cluster. */
  nodeEnv(store: DistributedStore, entry: number): Record<string, string>;
  newStore(): Promise<DistributedStore>;
  /** The ClickHouse processes and the PostgreSQL postmaster (whose backends are its children). */
  pids(): { clickhouse: number[]; postgres: number[] };
  /** Events in `store`: rows and distinct uuids through the Distributed table, and rows on each node. */
  countEvents(store: DistributedStore): Promise<EventCount>;
  stop(): Promise<void>;
}

export interface DistributedStore {
  databaseUrl: string;
  clickhouseDatabase: string;
}

export interface EventCount {
  rows: number;
  uuids: number;
  perNode: number[];
}

export async function startBackends(): Promise<Backends> {
  const clickhouse = await acquireClickHouseCluster();
  let postgres: PostgresCluster;
  try {
    postgres = await startPostgresCluster();
  } catch (error) {
    await releaseClickHouseCluster();
    throw error;
  }
  const urls = clickhouse.nodes.map((n) => n.url);
  const databases: string[] = [];
  const client = (url: string) =>
    createClient({ url, request_timeout: 120_000, log: { level: ClickHouseLogLevel.OFF } });
  const numbers = { output_format_json_quote_64bit_integers: 0 } as const;
  return {
    clickhouse,
    nodeEnv(store, entry) {
      return {
        SIGNPOST_DATABASE_URL: store.databaseUrl,
        SIGNPOST_CLICKHOUSE_URL: urls[entry % urls.length] ?? '',
        SIGNPOST_CLICKHOUSE_NODES: urls.join(','),
        SIGNPOST_CLICKHOUSE_CLUSTER: clickhouse.cluster,
        SIGNPOST_CLICKHOUSE_DATABASE: store.clickhouseDatabase,
      };
    },
    async newStore() {
      const name = `bench_${randomBytes(4).toString('hex')}`;
      databases.push(name);
      return { databaseUrl: await postgres.createDatabase(name), clickhouseDatabase: name };
    },
    pids() {
      return {
        clickhouse: clickhouse.nodes.flatMap((n) => pidsWithArgument('--http_port', new URL(n.url).port)),
        postgres: pidsWithArgument('-p', String(postgres.port)),
      };
    },
    async countEvents(store) {
      const db = store.clickhouseDatabase;
      const first = client(urls[0] ?? '');
      try {
        const total = await first.query({
          query: `SELECT count() AS rows, uniqExact(uuid) AS uuids FROM ${db}.events`,
          format: 'JSONEachRow',
          clickhouse_settings: numbers,
        });
        const [row] = await total.json<{ rows: number; uuids: number }>();
        const perNode = await Promise.all(
          urls.map(async (url) => {
            const node = client(url);
            try {
              const r = await node.query({
                query: `SELECT count() AS n FROM ${db}.events_local`,
                format: 'JSONEachRow',
                clickhouse_settings: numbers,
              });
              return (await r.json<{ n: number }>())[0]?.n ?? 0;
            } finally {
              await node.close();
            }
          }),
        );
        return { rows: row?.rows ?? 0, uuids: row?.uuids ?? 0, perNode };
      } finally {
        await first.close();
      }
    },
    async stop() {
      await Promise.all(
        urls.map(async (url) => {
          const node = client(url);
          for (const db of databases)
            await node.command({ query: `DROP DATABASE IF EXISTS ${db} SYNC` }).catch(() => undefined);
          await node.close();
        }),
      );
      await postgres.stop();
      await releaseClickHouseCluster();
    },
  };
}
