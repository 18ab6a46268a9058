import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PostgresCluster, startPostgresCluster } from './postgres-cluster.ts';

describe('a throwaway PostgreSQL 15 cluster', () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  });
  afterAll(() => cluster.stop());

  it('serves version 15 on loopback, one fresh database per call', async () => {
    const [a, b] = [await cluster.createDatabase(), await cluster.createDatabase()];
    expect(a).not.toBe(b);
    const client = new pg.Client({ connectionString: a });
    await client.connect();
    try {
      const { rows } = await client.query<{ v: string; db: string; addr: string }>(
        "SELECT current_setting('server_version_num') AS v, current_database() AS db, inet_server_addr()::text AS addr",
      );
      expect(Number(rows[0]?.v)).toBeGreaterThanOrEqual(150000);
      expect(Number(rows[0]?.v)).toBeLessThan(160000);
      expect(a.endsWith(`/${rows[0]?.db}`)).toBe(true);
      expect(rows[0]?.addr).toBe('127.0.0.1/32');
      const tables = await client.query(
        "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'",
      );
      expect(tables.rows[0].n).toBe(0);
    } finally {
      await client.end();
    }
  });

  it('is gone after stop', async () => {
    const other = await startPostgresCluster();
    const url = await other.createDatabase();
    await other.stop();
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    await expect(client.connect()).rejects.toThrow();
  });
});
