import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type PostgresCluster, startPostgresCluster } from '../../testing/postgres/postgres-cluster.ts';
import { openDuckDbStorage } from '../duckdb/duckdb-storage.ts';
import { MemoryStorage } from '../memory/memory-storage.ts';
import { openPostgresStorage, type StateStorage } from '../postgres/postgres-storage.ts';

/** One backend the contract tests run against; each `open()` is a fresh, empty store set. */
export interface StateEngine {
  name: 'memory' | 'duckdb' | 'postgres';
  /**
   * A SQL schema behind the ports: unique keys are refused, and deleting a project or environment deletes other
   * ports' rows of it in one transaction. The in-memory fakes check nothing and keep one store each.
   */
  relational: boolean;
  open(): Promise<StateStorage>;
}

/**
 * Every state backend, Kysely-style: a contract test calls `describe.each(stateEngines())` and runs the same
 * assertions on each. The PostgreSQL cluster is started once per test file (beforeAll) and each `open()` gets a
 * database of its own, so tests never see each other's rows.
 */
export function stateEngines(): StateEngine[] {
  let cluster: PostgresCluster | undefined;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  return [
    { name: 'memory', relational: false, open: async () => new MemoryStorage() },
    {
      name: 'duckdb',
      relational: true,
      open: async () => {
        const dir = await mkdtemp(path.join(tmpdir(), 'signpost-contract-'));
        const storage = await openDuckDbStorage(dir);
        return {
          ...storage,
          close: async () => {
            await storage.close();
            await rm(dir, { recursive: true, force: true });
          },
        };
      },
    },
    {
      name: 'postgres',
      relational: true,
      open: async () => {
        if (!cluster) throw new Error('the PostgreSQL cluster did not start (see beforeAll)');
        return openPostgresStorage(await cluster.createDatabase());
      },
    },
  ];
}

export const at = (iso: string): Date => new Date(iso);
