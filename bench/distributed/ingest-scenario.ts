import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { cpuSeconds, type ServerProcess } from '../ingest/server-process.ts';
import type { Backends } from './backends.ts';
import { type IngestOutcome, runIngestLoad } from './ingest-load.ts';
import { primeUsers } from './prime-users.ts';
import { treeCpuSeconds } from './process-cpu.ts';
import { PROJECT_KEY, startDistributedNodes, startDuckDbNode, stopNode } from './signpost-nodes.ts';

/**
 * Issue 13, ingestion: the same bench/ingest load into one DuckDB Signpost, one distributed node, and two
 * distributed nodes behind round-robin; afterwards every acknowledged event must be in the store.
 */

export interface IngestOptions {
  seconds: number;
  warmup: number;
  workers: number;
  connections: number;
  poolRate: number;
}

export interface IngestRow {
  name: string;
  outcome: IngestOutcome;
  /** Priming events acknowledged before the load (outside its rate and CPU; the store must hold them too). */
  primed: number;
  /** CPU seconds over the loaded interval. */
  cpu: { signpost: number; clickhouse: number; postgres: number };
  stored: { uuids: number; rows: number; perNode?: number[] };
  notes: string[];
}

async function countDuckDb(file: string): Promise<{ uuids: number; rows: number }> {
  const instance = await DuckDBInstance.create(file);
  const c = await instance.connect();
  const rows = (
    await c.runAndReadAll('SELECT count(DISTINCT uuid) AS uuids, count(*) AS n FROM events')
  ).getRowObjectsJS();
  c.closeSync();
  instance.closeSync();
  return { uuids: Number(rows[0]?.uuids ?? 0), rows: Number(rows[0]?.n ?? 0) };
}

async function measure(
  name: string,
  servers: ServerProcess[],
  backendPids: { clickhouse: number[]; postgres: number[] },
  options: IngestOptions,
): Promise<Omit<IngestRow, 'stored'>> {
  const read = () => ({
    signpost: servers.reduce((s, p) => s + cpuSeconds(p.pid), 0),
    clickhouse: treeCpuSeconds(backendPids.clickhouse),
    postgres: treeCpuSeconds(backendPids.postgres),
  });
  const primed = await primeUsers(
    servers.map((s) => s.url),
    PROJECT_KEY,
  );
  let before = read();
  let after = before;
  console.log(`${name}: ${options.warmup} s warm-up, ${options.seconds} s measured…`);
  const outcome = await runIngestLoad(
    {
      urls: servers.map((s) => s.url),
      apiKey: PROJECT_KEY,
      workers: options.workers,
      connections: options.connections,
      warmupSeconds: options.warmup,
      seconds: options.seconds,
      poolRate: options.poolRate,
    },
    () => {
      before = read();
    },
    () => {
      after = read();
    },
  );
  const notes: string[] = [];
  if (outcome.errors > 0) notes.push(`${outcome.errors} failed requests, first: ${outcome.firstError}`);
  for (const s of servers) {
    const problem = await stopNode(s);
    if (problem) notes.push(problem);
  }
  return {
    name,
    outcome,
    primed,
    cpu: {
      signpost: after.signpost - before.signpost,
      clickhouse: after.clickhouse - before.clickhouse,
      postgres: after.postgres - before.postgres,
    },
    notes,
  };
}

export async function runIngestScenario(
  dir: string,
  backends: Backends,
  options: IngestOptions,
): Promise<IngestRow[]> {
  const rows: IngestRow[] = [];
  const none = { clickhouse: [], postgres: [] };

  const duck = await startDuckDbNode(dir);
  const duckRow = await measure('DuckDB, one Signpost process', [duck], none, options);
  rows.push({ ...duckRow, stored: await countDuckDb(path.join(dir, 'duckdb', 'signpost.duckdb')) });

  for (const count of [1, 2]) {
    const store = await backends.newStore();
    const nodes = await startDistributedNodes(dir, backends, store, count);
    const name =
      count === 1
        ? 'Distributed, one node (PostgreSQL + ClickHouse 2×2)'
        : 'Distributed, two nodes behind round-robin';
    const row = await measure(name, nodes, backends.pids(), options);
    const counted = await backends.countEvents(store);
    rows.push({ ...row, stored: counted });
  }
  return rows;
}
