import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PostgresCluster, startPostgresCluster } from '../../testing/postgres/postgres-cluster.ts';
import { openPostgresStorage, type StateStorage } from './postgres-storage.ts';

// What the DuckDB adapter never faced: two Signpost processes writing the same database at once.
describe('two nodes on one PostgreSQL database', () => {
  let cluster: PostgresCluster;
  let nodes: StateStorage[];
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    const url = await cluster.createDatabase();
    nodes = await Promise.all([openPostgresStorage(url), openPostgresStorage(url)]);
  });
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.close()));
    await cluster.stop();
  });

  it('hand out distinct project and environment ids when creating at the same time', async () => {
    const createdAt = new Date('2025-01-01T00:00:00Z');
    const made = await Promise.all(
      Array.from({ length: 24 }, (_, i) => {
        const node = nodes[i % 2] as StateStorage;
        return i % 3 === 0
          ? node.projects.insertEnvironment({
              projectId: 1,
              name: `e${i}`,
              apiToken: `phc_e${i}`,
              production: false,
              createdAt,
            })
          : node.projects.insertProject(
              { name: `p${i}`, apiToken: `phc_p${i}`, timezone: 'UTC', createdAt },
              'production',
            );
      }),
    );
    const ids = made.map((m) => m.id).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    const seen = await (nodes[1] as StateStorage).projects.listEnvironments();
    expect(seen.length).toBe(24);
  });

  it('see each other’s writes', async () => {
    const [a, b] = nodes as [StateStorage, StateStorage];
    await a.secretKeys.insertProjectSecretKey({
      id: 'k',
      projectId: 1,
      label: 'server',
      secretHash: 'h',
      maskValue: 'phs_...',
      createdAt: new Date('2025-01-01T00:00:00Z'),
      createdBy: 'ana',
      expiresAt: null,
    });
    expect((await b.secretKeys.listProjectSecretKeys()).map((k) => k.id)).toEqual(['k']);
  });
});
