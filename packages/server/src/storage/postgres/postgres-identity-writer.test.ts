import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Group } from '../../groups/group.ts';
import { IdentityConflictError } from '../../ingestion/identity-conflict.ts';
import { distinctKey, groupKey } from '../../ingestion/ingestion-state.ts';
import type { WriteBases, WriteSet } from '../../ingestion/write-set.ts';
import type { Person } from '../../persons/person.ts';
import { personIdFor } from '../../persons/person-processor.ts';
import { type PostgresCluster, startPostgresCluster } from '../../testing/postgres/postgres-cluster.ts';
import { migrate } from './migrations.ts';
import { PostgresDatabase } from './postgres-database.ts';
import { maxDistinctIdVersion, scanIdentities } from './postgres-identity-scan.ts';
import { PostgresIdentityWriter } from './postgres-identity-writer.ts';

const T = new Date('2026-01-01T00:00:00Z');
const person = (first: string, version = 0): Person => ({
  id: personIdFor(1, first),
  projectId: 1,
  createdAt: T,
  properties: { first },
  isIdentified: false,
  version,
  distinctIds: [],
});
const group = (key: string, version = 0): Group => ({
  projectId: 1,
  groupTypeIndex: 0,
  groupKey: key,
  properties: {},
  createdAt: T,
  version,
});
const noBases = (): WriteBases => ({ persons: new Map(), distinctIds: new Map(), groups: new Map() });
const writeSet = (over: Partial<WriteSet>): WriteSet => ({
  events: [],
  persons: [],
  distinctIds: [],
  groups: [],
  groupTypes: [],
  bases: noBases(),
  ...over,
});
const map = (distinctId: string, to: Person) => ({ projectId: 1, distinctId, personId: to.id, version: 0 });

describe('PostgresIdentityWriter', () => {
  let cluster: PostgresCluster;
  let db: PostgresDatabase;
  const writer = new PostgresIdentityWriter();
  const commit = (ws: WriteSet) => db.transaction((tx) => writer.write(tx, ws));
  const count = async (table: string) =>
    Number((await db.run(`SELECT count(*)::int AS n FROM ${table}`))[0]?.n);

  beforeAll(async () => {
    cluster = await startPostgresCluster();
  });
  afterAll(() => cluster.stop());
  beforeEach(async () => {
    db = PostgresDatabase.create(await cluster.createDatabase(), 4);
    await migrate(db);
  });
  afterEach(() => db.close());

  it('writes new identities, versions mappings from the shared sequence, and overrides moved ids', async () => {
    const ann = person('ann');
    const written = await commit(
      writeSet({
        persons: [{ person: ann, deleted: false }],
        distinctIds: [map('ann', ann), map('anon-1', ann)],
        groups: [group('acme')],
        groupTypes: [{ projectId: 1, groupType: 'company', groupTypeIndex: 0, createdAt: T }],
      }),
    );
    const versions = written.distinctIds.map((d) => d.version).sort();
    expect(versions).toEqual([1, 2]);
    const stored = await db.run(
      'SELECT distinct_id, version::int AS v FROM person_distinct_ids ORDER BY distinct_id',
    );
    expect(stored).toEqual(
      written.distinctIds
        .map((d) => ({ distinct_id: d.distinctId, v: d.version }))
        .sort((a, b) => (a.distinct_id < b.distinct_id ? -1 : 1)),
    );
    // `anon-1` events carry its own deterministic person id; the override sends them to ann.
    const anon = written.distinctIds.find((d) => d.distinctId === 'anon-1');
    expect(written.overrides).toEqual([
      { projectId: 1, oldPersonId: personIdFor(1, 'anon-1'), personId: ann.id, version: anon?.version },
    ]);
    expect(
      await db.run('SELECT old_person_id::text AS o, person_id::text AS p FROM person_overrides'),
    ).toEqual([{ o: personIdFor(1, 'anon-1'), p: ann.id }]);
    expect(await maxDistinctIdVersion(db)).toBe(2);
    expect([await count('persons'), await count('groups'), await count('group_type_mapping')]).toEqual([
      1, 1, 1,
    ]);
  });

  it('refuses stale rows of every kind, lists them with every id a stale person owns, and writes nothing', async () => {
    const [p, q] = [person('p'), person('q')];
    await commit(
      writeSet({
        persons: [
          { person: p, deleted: false },
          { person: q, deleted: false },
        ],
        distinctIds: [map('p', p), map('p2', p), map('q', q)],
        groups: [group('g')],
        groupTypes: [{ projectId: 1, groupType: 'company', groupTypeIndex: 0, createdAt: T }],
      }),
    );
    const rowsOf = () =>
      db.run(
        `SELECT distinct_id, person_id::text AS p, version::int AS v FROM person_distinct_ids ORDER BY distinct_id`,
      );
    const before = await rowsOf();
    const fresh = person('r');
    const bases = noBases();
    bases.persons.set(p.id, 5); // stored: 0
    bases.distinctIds.set(distinctKey(1, 'p2'), personIdFor(1, 'elsewhere')); // stored: p
    bases.groups.set(groupKey(1, 0, 'g'), 3); // stored: 0
    const error = await commit(
      writeSet({
        persons: [
          { person: p, deleted: false },
          { person: q, deleted: false }, // new, but q exists
          { person: fresh, deleted: false },
        ],
        distinctIds: [map('p2', q), map('q', fresh), map('r', fresh)], // q: new, but mapped already
        groups: [group('g', 4), group('h')],
        groupTypes: [
          { projectId: 1, groupType: 'team', groupTypeIndex: 0, createdAt: T }, // index 0 taken
          { projectId: 2, groupType: 'team', groupTypeIndex: 0, createdAt: T },
        ],
        bases,
      }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdentityConflictError);
    const stale = (error as IdentityConflictError).stale;
    expect([...stale.personIds].sort()).toEqual([p.id, q.id].sort());
    expect(stale.distinctIds.map((d) => d.distinctId).sort()).toEqual(['p', 'p2', 'q']);
    expect(stale.groups).toEqual([{ projectId: 1, groupTypeIndex: 0, groupKey: 'g' }]);
    expect(stale.groupTypeProjects).toEqual([1]);
    // Rolled back whole: not even the rows that matched (r, h, project 2's type) were written.
    expect([await count('persons'), await count('person_distinct_ids'), await count('groups')]).toEqual([
      2, 3, 1,
    ]);
    expect(await count('group_type_mapping')).toBe(1);
    expect(await count('person_overrides')).toBe(1); // p2 → p, from the first commit
    expect(await rowsOf()).toEqual(before);
  });

  it('turns a deadlock between two nodes into a conflict the queue redoes', async () => {
    const [a, b] = [person('a'), person('b')];
    await commit(
      writeSet({
        persons: [
          { person: a, deleted: false },
          { person: b, deleted: false },
        ],
      }),
    );
    const update = (p: Person) => {
      const bases = noBases();
      bases.persons.set(p.id, 0);
      return writeSet({ persons: [{ person: { ...p, version: 1 }, deleted: false }], bases });
    };
    let arrived = 0;
    let release: () => void = () => undefined;
    const bothLocked = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Each node locks one person, waits until the other holds the other one, then writes it: a lock cycle.
    const node = (first: Person, second: Person) =>
      db.transaction(async (tx) => {
        await writer.write(tx, update(first));
        if (++arrived === 2) release();
        await bothLocked;
        await writer.write(tx, update(second));
      });
    const results = await Promise.allSettled([node(a, b), node(b, a)]);
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(IdentityConflictError);
  });

  it('classes a value PostgreSQL cannot hold as the data’s fault, and nothing else', async () => {
    const ann = person('ann');
    const error = await commit(
      writeSet({ persons: [{ person: ann, deleted: false }], distinctIds: [map('nul\u0000byte', ann)] }),
    ).catch((e: unknown) => e);
    expect(writer.isDataError(error)).toBe(true);
    expect(await count('persons')).toBe(0);
    const missing = await db.run('SELECT * FROM no_such_table').catch((e: unknown) => e);
    expect(writer.isDataError(missing)).toBe(false);
    expect(
      writer.isDataError(
        new IdentityConflictError({ distinctIds: [], personIds: [], groups: [], groupTypeProjects: [] }),
      ),
    ).toBe(false);
  });

  it('scans every distinct id and group once, page by page', async () => {
    await db.run(
      `INSERT INTO person_distinct_ids (project_id, distinct_id, person_id)
       SELECT 1 + i % 3, 'user-' || i, gen_random_uuid() FROM generate_series(1, 25003) AS i`,
    );
    await db.run(
      `INSERT INTO groups SELECT 1 + i % 2, i % 5, 'g' || i, '{}', now(), 0 FROM generate_series(1, 12001) AS i`,
    );
    const ids = new Set<string>();
    const groups = new Set<string>();
    let visits = 0;
    await scanIdentities(db, {
      distinctId: (projectId, id) => {
        visits += 1;
        ids.add(distinctKey(projectId, id));
      },
      group: (projectId, index, key) => {
        visits += 1;
        groups.add(groupKey(projectId, index, key));
      },
    });
    expect([ids.size, groups.size, visits]).toEqual([25_003, 12_001, 37_004]);
    expect(ids.has(distinctKey(2, 'user-1'))).toBe(true);
    expect(await maxDistinctIdVersion(db)).toBe(25_003);
  });
});
