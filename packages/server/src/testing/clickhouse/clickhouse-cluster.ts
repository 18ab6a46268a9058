import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureChdbToolchain } from './chdb-toolchain.ts';

/** The cluster name in every node's `remote_servers`, which Distributed tables name. */
export const TEST_CLUSTER = 'signpost';

export interface ClickHouseNode {
  /** `http://127.0.0.1:<port>`, for @clickhouse/client. */
  url: string;
  tcpPort: number;
  shard: number;
  replica: number;
}

export interface ClickHouseCluster {
  nodes: ClickHouseNode[];
  cluster: string;
  /** SIGTERM, then SIGKILL after a grace period; removes the data folder. */
  stop(): Promise<void>;
}

const SHARDS = 2;
const REPLICAS = 2;
const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;
// Keeps clickhouse-local, and with it the listeners, alive until the process is signalled.
const SERVE = `SYSTEM START LISTEN HTTP; SYSTEM START LISTEN TCP;
  SELECT sleepEachRow(1) FROM system.numbers FORMAT Null SETTINGS max_block_size = 1`;

/** A port the OS says is free now (another process may still take it before the node binds). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function configXml(dir: string, node: ClickHouseNode, all: ClickHouseNode[]): string {
  const shards = Array.from({ length: SHARDS }, (_, s) => {
    const replicas = all
      .filter((n) => n.shard === s + 1)
      .map((n) => `<replica><host>127.0.0.1</host><port>${n.tcpPort}</port></replica>`)
      .join('');
    // The test server has no replication: the Distributed table writes every replica itself.
    return `<shard><internal_replication>false</internal_replication>${replicas}</shard>`;
  }).join('');
  return `<clickhouse>
  <logger><level>warning</level><log>${dir}/server.log</log><errorlog>${dir}/error.log</errorlog><console>0</console></logger>
  <listen_host>127.0.0.1</listen_host>
  <macros><shard>s${node.shard}</shard><replica>r${node.replica}</replica></macros>
  <remote_servers><${TEST_CLUSTER}>${shards}</${TEST_CLUSTER}></remote_servers>
</clickhouse>
`;
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/?query=SELECT%201`, { signal: AbortSignal.timeout(1_000) });
    return res.ok;
  } catch {
    return false;
  }
}

async function waitReady(node: ClickHouseNode, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`ClickHouse node ${node.url} exited (${child.exitCode})`);
    if (await answers(node.url)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`ClickHouse node ${node.url} did not answer within ${READY_TIMEOUT_MS} ms`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Four ClickHouse 26.7 processes on free loopback ports: 2 shards × 2 replicas, each a clickhouse-local
 * served by the launcher, in a fresh temp folder. It runs Distributed tables over plain MergeTree; it has no
 * Keeper, ReplicatedMergeTree or ON CLUSTER (see shared/research/clickhouse-scaleout.md).
 */
export async function startClickHouseCluster(): Promise<ClickHouseCluster> {
  const { lib, launcher } = ensureChdbToolchain();
  const root = mkdtempSync(path.join(tmpdir(), 'signpost-ch-'));
  const nodes: ClickHouseNode[] = [];
  for (let shard = 1; shard <= SHARDS; shard++)
    for (let replica = 1; replica <= REPLICAS; replica++) {
      const httpPort = await freePort();
      nodes.push({ url: `http://127.0.0.1:${httpPort}`, tcpPort: await freePort(), shard, replica });
    }
  const children = nodes.map((node, i) => {
    const dir = path.join(root, `node${i + 1}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'config.xml'), configXml(dir, node, nodes));
    const httpPort = new URL(node.url).port;
    return spawn(
      launcher,
      [
        '--path',
        path.join(dir, 'data'),
        '--config-file',
        path.join(dir, 'config.xml'),
        '--listen_host',
        '127.0.0.1',
        '--http_port',
        httpPort,
        '--tcp_port',
        String(node.tcpPort),
        '--query',
        SERVE,
      ],
      { env: { LIBCHDB: lib }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
  });
  // A worker that dies without its teardown must not leave four servers behind.
  const killAll = () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  };
  process.once('exit', killAll);
  const stop = async () => {
    process.off('exit', killAll);
    await Promise.all(children.map(stopChild));
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await Promise.all(nodes.map((node, i) => waitReady(node, children[i] as ChildProcess)));
  } catch (error) {
    await stop();
    throw error;
  }
  return { nodes, cluster: TEST_CLUSTER, stop };
}
