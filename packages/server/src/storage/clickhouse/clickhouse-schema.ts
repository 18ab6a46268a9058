import { type ClickHouseTopology, onCluster, quoteIdentifier, tableEngine } from './clickhouse-topology.ts';

const TIME = "DateTime64(6, 'UTC')";

/**
 * The DDL of the analytics tables, in order. Column names match the DuckDB tables, so the query compilers
 * read both through the same names; `project_id` holds an environment id (PostHog's team_id).
 */
export function clickHouseSchema(topology: ClickHouseTopology): string[] {
  const db = quoteIdentifier(topology.database);
  const on = onCluster(topology);
  const engine = tableEngine.bind(null, topology);
  return [
    `CREATE DATABASE IF NOT EXISTS ${db}${on}`,
    // PostHog's layout: the month is the partition, the sort key serves one environment's time scans,
    // and the event uuid in it lets ReplacingMergeTree fold a retried insert into one row.
    `CREATE TABLE IF NOT EXISTS ${db}.events_local${on} (
      project_id Int64, uuid UUID, event LowCardinality(String), distinct_id String, person_id UUID,
      timestamp ${TIME}, created_at ${TIME}, properties String CODEC(ZSTD(3)),
      group_0 String DEFAULT '', group_1 String DEFAULT '', group_2 String DEFAULT '',
      group_3 String DEFAULT '', group_4 String DEFAULT '',
      inserted_at ${TIME} DEFAULT now64(6)
    ) ENGINE = ${engine('events_local', { kind: 'ReplacingMergeTree', version: 'inserted_at' }, 'sharded')}
    PARTITION BY toYYYYMM(timestamp)
    ORDER BY (project_id, toDate(timestamp), event, cityHash64(distinct_id), cityHash64(uuid))`,
    // A person's events share a distinct id, so they share a shard: per-actor windows need no shuffle.
    `CREATE TABLE IF NOT EXISTS ${db}.events${on} AS ${db}.events_local
    ENGINE = Distributed(${quoteIdentifier(topology.cluster)}, ${db}, events_local, cityHash64(distinct_id))`,
    // Identity copies: versioned rows (the newest version wins, read with argMax), whole on every node.
    `CREATE TABLE IF NOT EXISTS ${db}.persons${on} (
      project_id Int64, id UUID, created_at ${TIME}, properties String, is_identified Bool,
      is_deleted Bool, version UInt64
    ) ENGINE = ${engine('persons', { kind: 'ReplacingMergeTree', version: 'version' }, 'everywhere')}
    ORDER BY (project_id, id)`,
    `CREATE TABLE IF NOT EXISTS ${db}.person_distinct_ids${on} (
      project_id Int64, distinct_id String, person_id UUID, version UInt64
    ) ENGINE = ${engine('person_distinct_ids', { kind: 'ReplacingMergeTree', version: 'version' }, 'everywhere')}
    ORDER BY (project_id, distinct_id) SETTINGS index_granularity = 512`,
    `CREATE TABLE IF NOT EXISTS ${db}.person_overrides${on} (
      project_id Int64, old_person_id UUID, person_id UUID, version UInt64
    ) ENGINE = ${engine('person_overrides', { kind: 'ReplacingMergeTree', version: 'version' }, 'everywhere')}
    ORDER BY (project_id, old_person_id)`,
    `CREATE TABLE IF NOT EXISTS ${db}.groups${on} (
      project_id Int64, group_type_index Int64, group_key String, properties String, created_at ${TIME},
      version UInt64
    ) ENGINE = ${engine('groups', { kind: 'ReplacingMergeTree', version: 'version' }, 'everywhere')}
    ORDER BY (project_id, group_type_index, group_key)`,
    `CREATE TABLE IF NOT EXISTS ${db}.cohort_static_members${on} (
      project_id Int64, cohort_id Int64, distinct_id String
    ) ENGINE = ${engine('cohort_static_members', { kind: 'MergeTree' }, 'everywhere')}
    ORDER BY (project_id, cohort_id, distinct_id)`,
  ];
}

/** The tables every node holds whole: written on each node when the server does not replicate them. */
export const IDENTITY_TABLES = [
  'persons',
  'person_distinct_ids',
  'person_overrides',
  'groups',
  'cohort_static_members',
] as const;
export type IdentityTable = (typeof IDENTITY_TABLES)[number];
