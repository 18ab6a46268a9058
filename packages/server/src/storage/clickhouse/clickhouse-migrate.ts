import type { ClickHouseClient } from '@clickhouse/client';
import { clickHouseSchema } from './clickhouse-schema.ts';
import type { ClickHouseTopology } from './clickhouse-topology.ts';

/**
 * Creates the analytics tables. With `ON CLUSTER` one node spreads the DDL; without it every node listed
 * runs it itself. Statements are idempotent (`IF NOT EXISTS`), so N nodes starting together are safe.
 */
export async function migrateClickHouse(
  topology: ClickHouseTopology,
  nodes: readonly ClickHouseClient[],
): Promise<void> {
  const targets = topology.replicated ? nodes.slice(0, 1) : nodes;
  if (targets.length === 0) throw new Error('No ClickHouse node to migrate.');
  for (const statement of clickHouseSchema(topology))
    await Promise.all(targets.map((node) => node.command({ query: statement })));
}
