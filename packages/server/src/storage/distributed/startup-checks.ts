import { probeClickHouseNode } from './clickhouse-probe.ts';
import type { DistributedSettings } from './distributed-settings.ts';
import { DistributedUnreachableError } from './distributed-unreachable-error.ts';
import { probePostgres } from './postgres-probe.ts';
import type { ProbeFailure } from './server-probe.ts';

export { DistributedUnreachableError };

const DEFAULT_TIMEOUT_MS = 5_000;

/**
 * Connects to PostgreSQL and to every ClickHouse node before anything is opened, all at once, so a wrong
 * host, port or password is named in one message at start (within the timeout) instead of surfacing as
 * 503s after the node joined its load balancer. Nodes listed in SIGNPOST_CLICKHOUSE_NODES are checked too:
 * without `ON CLUSTER`, migrations and identity copies write to each of them.
 */
export async function checkDistributedReachable(
  settings: DistributedSettings,
  options: { timeoutMs?: number } = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const ch = settings.clickhouse;
  const variables = new Map<string, string[]>([[ch.url, ['SIGNPOST_CLICKHOUSE_URL']]]);
  for (const node of ch.nodes)
    variables.set(node, [...(variables.get(node) ?? []), 'SIGNPOST_CLICKHOUSE_NODES']);
  const results = await Promise.all([
    probePostgres(settings.databaseUrl, timeoutMs),
    ...[...variables].map(([url, names]) => probeClickHouseNode(url, ch, names.join(' / '), timeoutMs)),
  ]);
  const failures = results.filter((r): r is ProbeFailure => r !== undefined);
  if (failures.length > 0) throw new DistributedUnreachableError(failures);
}
