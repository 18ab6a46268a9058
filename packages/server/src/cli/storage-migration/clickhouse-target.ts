import { type ClickHouseClient, createClient } from '@clickhouse/client';
import { ClickHouseEventWriter } from '../../storage/clickhouse/clickhouse-event-writer.ts';
import { migrateClickHouse } from '../../storage/clickhouse/clickhouse-migrate.ts';
import {
  type ClickHouseTopology,
  onCluster,
  quoteIdentifier,
} from '../../storage/clickhouse/clickhouse-topology.ts';
import type { ClickHouseSettings } from '../../storage/distributed/distributed-settings.ts';
import { CliError } from '../cli-error.ts';

/** The ClickHouse side of a migration: the entry node, every node identity copies live on, and the writer. */
export interface ClickHouseTarget {
  topology: ClickHouseTopology;
  /** Inserts and reads go through it (the configured URL). */
  entry: ClickHouseClient;
  /** The nodes that each hold a whole copy of the identity tables (just the entry on a replicated cluster). */
  copies: readonly ClickHouseClient[];
  writer: ClickHouseEventWriter;
  /** `database.table`, checked. */
  table(name: string): string;
  close(): Promise<void>;
}

/** A URL as it may be printed: never the password. */
export const printable = (url: string): string => {
  if (!URL.canParse(url)) return url;
  const u = new URL(url);
  u.password = '';
  return u.toString().replace(/\/$/, '');
};

/**
 * Connects and pings every node before anything is written, so an unreachable server fails the command with
 * its name and nothing half-done. Without SIGNPOST_CLICKHOUSE_NODES the server replicates and spreads DDL
 * itself (`ON CLUSTER`), as in config's DistributedSettings.
 */
export async function openClickHouseTarget(settings: ClickHouseSettings): Promise<ClickHouseTarget> {
  const connect = (url: string) =>
    createClient({
      url,
      username: settings.user,
      password: settings.password,
      // A large chunk or the final merge can take minutes; progress headers keep idle proxies from cutting it.
      request_timeout: 600_000,
      clickhouse_settings: { send_progress_in_http_headers: 1, http_headers_progress_interval_ms: '10000' },
    });
  const entry = connect(settings.url);
  const others = settings.nodes.filter((n) => n !== settings.url).map(connect);
  const all = [entry, ...others];
  const topology: ClickHouseTopology = {
    database: quoteIdentifier(settings.database),
    cluster: settings.cluster,
    replicated: settings.nodes.length === 0,
  };
  const urls = [settings.url, ...settings.nodes.filter((n) => n !== settings.url)];
  const pings = await Promise.all(all.map((c) => c.ping()));
  const down = pings.findIndex((p) => !p.success);
  if (down >= 0) {
    await Promise.all(all.map((c) => c.close()));
    const failed = pings[down];
    const reason = failed && !failed.success ? failed.error.message : 'no answer';
    throw new CliError(
      'TARGET_UNREACHABLE',
      `ClickHouse at ${printable(urls[down] ?? settings.url)} cannot be reached (${reason}).`,
    );
  }
  // The writer inserts identity copies on each node it is given when the server does not replicate them.
  const copies = topology.replicated ? [entry] : all;
  return {
    topology,
    entry,
    copies,
    writer: new ClickHouseEventWriter(topology, copies),
    table: (name) => `${topology.database}.${quoteIdentifier(name)}`,
    close: async () => {
      await Promise.all(all.map((c) => c.close()));
    },
  };
}

export const migrateClickHouseTarget = (t: ClickHouseTarget): Promise<void> =>
  migrateClickHouse(t.topology, t.topology.replicated ? [t.entry] : t.copies);

/** Empties one table everywhere it is stored (a step redone after an interruption starts clean). */
export async function truncateEverywhere(t: ClickHouseTarget, table: string): Promise<void> {
  const targets = t.topology.replicated ? [t.entry] : t.copies;
  await Promise.all(
    targets.map((c) =>
      c.command({ query: `TRUNCATE TABLE IF EXISTS ${t.table(table)}${onCluster(t.topology)}` }),
    ),
  );
}

/** Rows of a query as objects; 64-bit integers arrive as strings (exact), which callers convert. */
export async function chRows<T>(
  client: ClickHouseClient,
  query: string,
  params: Record<string, unknown> = {},
): Promise<T[]> {
  const rs = await client.query({ query, query_params: params, format: 'JSONEachRow' });
  return rs.json<T>();
}
