import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DuckDbDatabase } from './duckdb-database.ts';
import { DuckDbIngestionStore } from './duckdb-ingestion-store.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('DuckDbIngestionStore.scanIdentities', () => {
  it('visits every distinct id ever mapped and every stored group, across projects and versions', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'signpost-scan-'));
    dirs.push(dir);
    const db = await DuckDbDatabase.open(dir);
    const store = new DuckDbIngestionStore(db);
    const person = (n: number) => `0190b6a2-0000-7000-8000-00000000000${n}`;
    const createdAt = new Date('2026-01-01T00:00:00Z');
    await store.commit({
      events: [],
      persons: [],
      groupTypes: [],
      distinctIds: [
        { projectId: 1, distinctId: 'anon', personId: person(1), version: 1 },
        { projectId: 1, distinctId: 'anon', personId: person(2), version: 2 },
        { projectId: 1, distinctId: 'user', personId: person(2), version: 3 },
        { projectId: 2, distinctId: 'anon', personId: person(3), version: 4 },
      ],
      groups: [
        { projectId: 1, groupTypeIndex: 0, groupKey: 'acme', properties: {}, createdAt, version: 0 },
        { projectId: 1, groupTypeIndex: 0, groupKey: 'acme', properties: { a: 1 }, createdAt, version: 1 },
        { projectId: 1, groupTypeIndex: 2, groupKey: 'acme', properties: {}, createdAt, version: 0 },
      ],
    });
    const ids: string[] = [];
    const groups: string[] = [];
    await store.scanIdentities({
      distinctId: (projectId, id) => ids.push(`${projectId}/${id}`),
      group: (projectId, index, key) => groups.push(`${projectId}/${index}/${key}`),
    });
    expect(ids.sort()).toEqual(['1/anon', '1/user', '2/anon']);
    expect(groups.sort()).toEqual(['1/0/acme', '1/2/acme']);
    await db.close();
  });
});
