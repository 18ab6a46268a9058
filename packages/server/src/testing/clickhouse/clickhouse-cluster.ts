import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
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
  /** A token only this process knows: proves a port answers from this node, not another test file's cluster. */
  instance: string;
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
  <macros><shard>s${node.shard}</shard><replica>r${node.replica}</replica><instance>${node.instance}</instance></macros>
  <remote_servers><${TEST_CLUSTER}>${shards}</${TEST_CLUSTER}></remote_servers>
</clickhouse>
`;
}

async function ask(url: string, query: string): Promise<string | undefined> {
  try {
    const res = await fetch(`${url}/?query=${encodeURIComponent(query)}`, {
      signal: AbortSignal.timeout(2_000),
    });
    return res.ok ? (await res.text()).trim() : undefined;
  } catch {
    return undefined;
  }
}

// Ports come from freePort() and are bound later: a cluster started at the same moment by another test file can
// take the same one, and its node would then answer for ours (and its shutdown fail our queries). Each node
// therefore proves who it is, over HTTP and over the TCP port the other nodes use to reach it.
const answers = async (node: ClickHouseNode) =>
  (await ask(node.url, "SELECT getMacro('instance')")) === node.instance;

async function reachableAsThemselves(nodes: ClickHouseNode[]): Promise<boolean> {
  const first = nodes[0];
  if (!first) return false;
  for (const n of nodes) {
    const seen = await ask(
      first.url,
      `SELECT getMacro('instance') FROM remote('127.0.0.1:${n.tcpPort}', system.one)`,
    );
    if (seen !== n.instance) return false;
  }
  return true;
}

async function waitReady(node: ClickHouseNode, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`ClickHouse node ${node.url} exited (${child.exitCode})`);
    if (await answers(node)) return;
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
  for (let attempt = 1; ; attempt++) {
    // A node that lost its port to another process exits at start (startOnce throws) or answers as another
    // cluster's node (caught below): either way, start again on new ports.
    const cluster = await startOnce().catch((error: unknown) => {
      if (attempt === 3) throw error;
      return undefined;
    });
    if (cluster && (await reachableAsThemselves(cluster.nodes))) return cluster;
    await cluster?.stop();
    if (attempt === 3)
      throw new Error('ClickHouse test cluster: its ports kept being taken by other processes');
  }
}

async function startOnce(): Promise<ClickHouseCluster> {
  const { lib, launcher } = ensureChdbToolchain();
  const root = mkdtempSync(path.join(tmpdir(), 'signpost-ch-'));
  const nodes: ClickHouseNode[] = [];
  for (let shard = 1; shard <= SHARDS; shard++)
    for (let replica = 1; replica <= REPLICAS; replica++) {
      const httpPort = await freePort();
      nodes.push({
        url: `http://127.0.0.1:${httpPort}`,
        tcpPort: await freePort(),
        shard,
        replica,
        instance: randomBytes(8).toString('hex'),
      });
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
