import { describe, expect, it } from 'vitest';
import type { IncomingEvent } from '../events/event.ts';
import type { Group } from '../groups/group.ts';
import type { Person } from '../persons/person.ts';
import { MemoryStorage } from '../storage/memory/memory-storage.ts';
import { silentLogger } from '../util/logger.ts';
import { IngestionQueue } from './ingestion-queue.ts';

/** The real in-memory storage, counting the reads that a cache miss costs. */
class CountingStorage extends MemoryStorage {
  personReads: string[][] = [];
  groupReads = 0;

  override findPersonsByDistinctIds(projectId: number, ids: string[]): Promise<Person[]> {
    this.personReads.push(ids);
    return super.findPersonsByDistinctIds(projectId, ids);
  }

  override findGroups(
    projectId: number,
    refs: { groupTypeIndex: number; groupKey: string }[],
  ): Promise<Group[]> {
    this.groupReads += 1;
    return super.findGroups(projectId, refs);
  }
}

let seq = 0;
function event(name: string, distinctId: string, properties: Record<string, unknown>): IncomingEvent {
  seq += 1;
  const uuid = `00000000-0000-7000-8000-${String(seq).padStart(12, '0')}`;
  return { uuid, event: name, distinctId, properties, timestamp: new Date('2026-01-01T00:00:00Z') };
}

/** A fresh writer on the storage, as after a restart: nothing in memory but what `start` loads. */
async function restart(storage: MemoryStorage) {
  const queue = new IngestionQueue({
    ingestionStore: storage,
    personStore: storage,
    groupStore: storage,
    logger: silentLogger,
    dedupWindow: 100,
    maxCommitEvents: 100,
  });
  await queue.start([]);
  await queue.identitiesLoaded();
  return queue;
}

async function seeded(users: number) {
  const storage = new CountingStorage();
  const writer = await restart(storage);
  for (let i = 0; i < users; i++) {
    await writer.submit(1, [
      event('$identify', `user-${i}`, { $anon_distinct_id: `anon-${i}`, $set: { n: i } }),
      event('$groupidentify', `user-${i}`, {
        $group_type: 'company',
        $group_key: `co-${i}`,
        $group_set: { n: i },
      }),
    ]);
  }
  await writer.close();
  return storage;
}

describe('IdentityLookup (through IngestionQueue)', () => {
  it('answers never-seen distinct ids and groups from memory, without reading storage', async () => {
    const storage = await seeded(3);
    const queue = await restart(storage);
    const before = storage.personReads.length;
    const groupReads = storage.groupReads;
    const people = await Promise.all(
      Array.from({ length: 100 }, (_, i) => queue.lookupPerson(1, `new-${i}`)),
    );
    expect(people.every((p) => p === undefined)).toBe(true);
    expect(await queue.lookupGroup(1, 'company', 'never')).toBeUndefined();
    expect(storage.personReads.length).toBe(before);
    expect(storage.groupReads).toBe(groupReads);
  });

  it('reads concurrent misses of known ids in one batch, with merged ids and properties', async () => {
    const storage = await seeded(20);
    const queue = await restart(storage);
    const before = storage.personReads.length;
    const ids = Array.from({ length: 20 }, (_, i) => (i % 2 ? `anon-${i}` : `user-${i}`));
    const people = await Promise.all(ids.map((id) => queue.lookupPerson(1, id)));
    people.forEach((p, i) => {
      expect(p?.properties).toEqual({ n: i });
      expect(p?.distinctIds).toEqual([`anon-${i}`, `user-${i}`]);
    });
    expect(storage.personReads.slice(before)).toHaveLength(1);
    const groupReads = storage.groupReads;
    const groups = await Promise.all([0, 1, 2].map((i) => queue.lookupGroup(1, 'company', `co-${i}`)));
    expect(groups.map((g) => g?.properties)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
    expect(storage.groupReads).toBe(groupReads + 1);
  });

  it('sees a person created by a commit right after the commit, even when it was unknown before', async () => {
    const storage = await seeded(0);
    const queue = await restart(storage);
    expect(await queue.lookupPerson(1, 'late')).toBeUndefined();
    await queue.submit(1, [event('e', 'late', { $set: { plan: 'pro' } })]);
    expect((await queue.lookupPerson(1, 'late'))?.properties).toEqual({ plan: 'pro' });
    await queue.submit(1, [event('$identify', 'late-user', { $anon_distinct_id: 'late' })]);
    expect((await queue.lookupPerson(1, 'late-user'))?.distinctIds).toEqual(['late', 'late-user']);
  });

  it('never lets a read that started before a commit overwrite what the commit wrote', async () => {
    const storage = await seeded(5);
    for (let round = 0; round < 5; round++) {
      const queue = await restart(storage);
      const reads = ['user-0', 'anon-0', 'user-1'].map((id) => queue.lookupPerson(1, id));
      const write = queue.submit(1, [event('e', 'anon-0', { $set: { n: 100 + round } })]);
      await Promise.all([...reads, write]);
      expect((await queue.lookupPerson(1, 'user-0'))?.properties).toEqual({ n: 100 + round });
      await queue.close();
    }
  });

  it('rebuilds the known set after a restart: known ids are read, unknown ones are not', async () => {
    const storage = await seeded(2);
    const queue = await restart(storage);
    const before = storage.personReads.length;
    expect((await queue.lookupPerson(1, 'anon-1'))?.properties).toEqual({ n: 1 });
    expect(await queue.lookupPerson(1, 'anon-2')).toBeUndefined();
    expect(storage.personReads.slice(before)).toEqual([['anon-1']]);
  });
});
