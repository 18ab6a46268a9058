import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { createSignpost } from '../../server.ts';
import { type PostgresCluster, startPostgresCluster } from '../../testing/postgres/postgres-cluster.ts';
import { silentLogger } from '../../util/logger.ts';
import { MemoryStorage } from '../memory/memory-storage.ts';
import type { Storage } from '../storage.ts';
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

describe('two nodes starting together on an empty PostgreSQL database', () => {
  it('create one default project, one first admin and one key between them', async () => {
    const cluster = await startPostgresCluster();
    try {
      const url = await cluster.createDatabase();
      const config = loadConfig({
        SIGNPOST_ADMIN_EMAIL: 'admin@example.com',
        SIGNPOST_ADMIN_PASSWORD: 'correct horse battery',
      });
      const start = async () => {
        const state = await openPostgresStorage(url);
        const storage: Storage = { ...new MemoryStorage(), ...state };
        return createSignpost({ config, storage, logger: silentLogger });
      };
      const nodes = await Promise.all([start(), start(), start()]);
      try {
        const reader = await openPostgresStorage(url);
        expect((await reader.projects.listEnvironments()).map((e) => e.id)).toEqual([1]);
        expect((await reader.projects.listPersonalApiKeys()).length).toBe(1);
        expect((await reader.auth.listUsers()).map((u) => u.email)).toEqual(['admin@example.com']);
        await reader.close();
      } finally {
        await Promise.all(nodes.map((n) => n.close()));
      }
    } finally {
      await cluster.stop();
    }
  }, 60_000);
});

describe('two nodes creating objects at the same moment', () => {
  it('never give two flags, cohorts or dashboards the same id', async () => {
    const cluster = await startPostgresCluster();
    try {
      const url = await cluster.createDatabase();
      const config = loadConfig({ SIGNPOST_PERSONAL_API_KEY: 'phx_two_nodes_ids_key' });
      const start = async () => {
        const state = await openPostgresStorage(url);
        const storage: Storage = { ...new MemoryStorage(), ...state };
        return createSignpost({ config, storage, logger: silentLogger });
      };
      const first = await start();
      const second = await start();
      const post = (node: typeof first, path: string, body: unknown) =>
        node.app.request(`/api/projects/@current/${path}/`, {
          method: 'POST',
          headers: { authorization: 'Bearer phx_two_nodes_ids_key', 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      try {
        const made = await Promise.all(
          Array.from({ length: 20 }, (_, i) => {
            const node = i % 2 ? first : second;
            if (i % 3 === 0) return post(node, 'cohorts', { name: `c${i}`, is_static: true });
            if (i % 3 === 1) return post(node, 'dashboards', { name: `d${i}` });
            return post(node, 'feature_flags', { key: `flag-${i}` });
          }),
        );
        expect(
          await Promise.all(made.map(async (r) => `${r.status} ${r.status === 201 ? '' : await r.text()}`)),
        ).toEqual(made.map(() => '201 '));
        const reader = await openPostgresStorage(url);
        const flags = await reader.flags.listFlags();
        const cohorts = await reader.cohorts.listCohorts();
        const dashboards = await reader.dashboards.listDashboards();
        await reader.close();
        expect(new Set(flags.map((f) => f.id)).size).toBe(flags.length);
        expect(flags.length).toBe(6);
        expect(cohorts.length).toBe(7);
        expect(dashboards.length).toBe(7);
      } finally {
        await Promise.all([first.close(), second.close()]);
      }
    } finally {
      await cluster.stop();
    }
  }, 60_000);
});
