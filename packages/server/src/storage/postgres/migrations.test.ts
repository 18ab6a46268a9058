import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.ts';
import { type PostgresCluster, startPostgresCluster } from '../../testing/postgres/postgres-cluster.ts';
import { LATEST_SCHEMA_VERSION, MIGRATION_VERSIONS } from './migrations.ts';
import { openPostgresStorage } from './postgres-storage.ts';

async function rowsOf<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('PostgreSQL migrations', () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  });
  afterAll(() => cluster.stop());

  it('migrate once when several nodes start together on an empty database', async () => {
    const url = await cluster.createDatabase();
    // Without the advisory lock, concurrent CREATE TABLEs collide and a start fails (or seeds the counter twice).
    const nodes = await Promise.all([1, 2, 3, 4].map(() => openPostgresStorage(url)));
    await Promise.all(nodes.map((n) => n.close()));
    const versions = await rowsOf<{ version: number }>(
      url,
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    expect(versions.map((v) => v.version)).toEqual(MIGRATION_VERSIONS);
    expect(await rowsOf(url, 'SELECT next_id FROM team_id_counter')).toEqual([{ next_id: 1 }]);
  });

  it('starts again on a migrated database without touching it, and keeps its rows', async () => {
    const url = await cluster.createDatabase();
    const first = await openPostgresStorage(url);
    const created = await first.projects.insertProject(
      { name: 'A', apiToken: 'phc_a', timezone: 'UTC', createdAt: new Date('2025-01-01T00:00:00Z') },
      'production',
    );
    await first.close();
    const again = await openPostgresStorage(url);
    expect((await again.projects.listProjects()).map((p) => p.id)).toEqual([created.id]);
    await again.close();
  });

  it('refuses a database written by a newer Signpost, naming both versions', async () => {
    const url = await cluster.createDatabase();
    await (await openPostgresStorage(url)).close();
    await rowsOf(url, `INSERT INTO schema_migrations VALUES (${LATEST_SCHEMA_VERSION + 1}, 'future', now())`);
    await expect(openPostgresStorage(url)).rejects.toThrow(
      `schema ${LATEST_SCHEMA_VERSION + 1}, this build knows ${LATEST_SCHEMA_VERSION}`,
    );
  });

  it('answers STORAGE_UNAVAILABLE, not a bare driver error, once the server is gone', async () => {
    const own = await startPostgresCluster();
    const storage = await openPostgresStorage(await own.createDatabase());
    await storage.projects.listProjects();
    await own.stop();
    const failure = await storage.projects.listProjects().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe('STORAGE_UNAVAILABLE');
    const inTransaction = await storage.projects
      .insertProject({ name: 'B', apiToken: 'phc_b', timezone: 'UTC', createdAt: new Date() }, 'production')
      .catch((error: unknown) => error);
    expect((inTransaction as AppError).code).toBe('STORAGE_UNAVAILABLE');
    await storage.close();
  });
});
