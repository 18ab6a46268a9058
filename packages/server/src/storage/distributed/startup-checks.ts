import { probeClickHouseNode } from './clickhouse-probe.ts';
import type { DistributedSettings } from './distributed-settings.ts';
import { probePostgres } from './postgres-probe.ts';
import type { ProbeFailure } from './server-probe.ts';

/** One message naming every server a distributed start cannot use; main.ts prints it and exits 1. */
export class DistributedUnreachableError extends Error {
  constructor(readonly failures: readonly ProbeFailure[]) {
    super(
      `distributed mode cannot start: ${failures.length === 1 ? 'a server is' : `${failures.length} servers are`} not usable\n${failures
        .map((f) => `  ${f.server}: ${f.problem}; ${f.fix}.`)
        .join('\n')}`,
    );
  }
}

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
