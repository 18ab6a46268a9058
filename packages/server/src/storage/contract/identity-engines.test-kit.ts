import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { GroupStore } from '../../groups/group-store.ts';
import type { WriteSet } from '../../ingestion/write-set.ts';
import type { PersonStore } from '../../persons/person-store.ts';
import { type PostgresCluster, startPostgresCluster } from '../../testing/postgres/postgres-cluster.ts';
import { openDuckDbStorage } from '../duckdb/duckdb-storage.ts';
import { MemoryStorage } from '../memory/memory-storage.ts';
import { migrate } from '../postgres/migrations.ts';
import { PostgresDatabase } from '../postgres/postgres-database.ts';
import { PostgresGroupStore } from '../postgres/postgres-group-store.ts';
import { PostgresIdentityWriter } from '../postgres/postgres-identity-writer.ts';
import { PostgresPersonStore } from '../postgres/postgres-person-store.ts';

/** The identity ports of one backend, filled the way ingestion fills them: by committing write sets. */
export interface IdentityStores {
  persons: PersonStore;
  groups: GroupStore;
  commit(ws: WriteSet): Promise<void>;
  close(): Promise<void>;
}

export interface IdentityEngine {
  name: 'memory' | 'duckdb' | 'postgres';
  open(): Promise<IdentityStores>;
}

/**
 * Every backend holding persons and groups, for `describe.each(identityEngines())`. PostgreSQL commits through
 * the identity writer distributed mode uses (events are ClickHouse's, so none are written here); each `open()`
 * gets a database of its own on one cluster per test file.
 */
export function identityEngines(): IdentityEngine[] {
  let cluster: PostgresCluster | undefined;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  return [
    {
      name: 'memory',
      open: async () => {
        const m = new MemoryStorage();
        return { persons: m, groups: m, commit: (ws) => m.commit(ws), close: () => m.close() };
      },
    },
    {
      name: 'duckdb',
      open: async () => {
        const dir = await mkdtemp(path.join(tmpdir(), 'signpost-identity-'));
        const s = await openDuckDbStorage(dir);
        return {
          persons: s.persons,
          groups: s.groups,
          commit: (ws) => s.ingestion.commit(ws),
          close: async () => {
            await s.close();
            await rm(dir, { recursive: true, force: true });
          },
        };
      },
    },
    {
      name: 'postgres',
      open: async () => {
        if (!cluster) throw new Error('the PostgreSQL cluster did not start (see beforeAll)');
        const db = PostgresDatabase.create(await cluster.createDatabase(), 4);
        await migrate(db);
        const writer = new PostgresIdentityWriter();
        return {
          persons: new PostgresPersonStore(db),
          groups: new PostgresGroupStore(db),
          commit: async (ws) => {
            await db.transaction((tx) => writer.write(tx, ws));
          },
          close: () => db.close(),
        };
      },
    },
  ];
}
