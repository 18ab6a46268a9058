/**
 * Where the ClickHouse tables live. Production runs ReplicatedMergeTree with `ON CLUSTER` DDL (Keeper does
 * the replication and spreads the DDL); servers without them (the chdb test cluster) get plain MergeTree
 * engines, DDL sent to every node listed, and Distributed tables that write each replica themselves.
 */
export interface ClickHouseTopology {
  database: string;
  /** The `remote_servers` cluster Distributed tables and `ON CLUSTER` name. */
  cluster: string;
  replicated: boolean;
}

/** How a table is spread: events are split over the shards; identity copies are whole on every node. */
export type Placement = 'sharded' | 'everywhere';

export type EngineKind = { kind: 'MergeTree' } | { kind: 'ReplacingMergeTree'; version: string };

/**
 * The one place a table's engine clause is chosen, as PostHog's table_engines.py does, so the same DDL is
 * MergeTree on the test cluster and ReplicatedMergeTree in production. Identity copies use a `noshard`
 * Keeper path with one replica per node (`{replica}-{shard}`): every node holds all of them, so the joins
 * of sharded events with persons stay local to each shard.
 */
export function tableEngine(
  topology: ClickHouseTopology,
  table: string,
  engine: EngineKind,
  placement: Placement,
): string {
  const args = engine.kind === 'ReplacingMergeTree' ? [engine.version] : [];
  if (!topology.replicated) return `${engine.kind}(${args.join(', ')})`;
  const zkPath =
    placement === 'sharded'
      ? `'/clickhouse/tables/{shard}/${topology.database}.${table}'`
      : `'/clickhouse/tables/noshard/${topology.database}.${table}'`;
  const replica = placement === 'sharded' ? `'{replica}'` : `'{replica}-{shard}'`;
  return `Replicated${engine.kind}(${[zkPath, replica, ...args].join(', ')})`;
}

/** ` ON CLUSTER name` when the server spreads DDL itself, else nothing (the migrator visits every node). */
export const onCluster = (topology: ClickHouseTopology): string =>
  topology.replicated ? ` ON CLUSTER ${quoteIdentifier(topology.cluster)}` : '';

/** Database and cluster names come from configuration; they are checked, never spliced in raw. */
export function quoteIdentifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    throw new Error(`"${name}" is not a plain ClickHouse identifier (letters, digits, _).`);
  return name;
}
