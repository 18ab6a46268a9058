import { type ClickHouseCluster, startClickHouseCluster } from './clickhouse-cluster.ts';

let running: Promise<ClickHouseCluster> | undefined;
let users = 0;

/**
 * The test process's one cluster, started on first use (~5 s) and stopped when its last user releases it.
 * Vitest runs each test file in its own worker process, so files never share or race for a cluster.
 */
export async function acquireClickHouseCluster(): Promise<ClickHouseCluster> {
  users += 1;
  running ??= startClickHouseCluster();
  try {
    return await running;
  } catch (error) {
    users -= 1;
    running = undefined;
    throw error;
  }
}

export async function releaseClickHouseCluster(): Promise<void> {
  users -= 1;
  if (users > 0 || !running) return;
  const cluster = running;
  running = undefined;
  await (await cluster).stop();
}
