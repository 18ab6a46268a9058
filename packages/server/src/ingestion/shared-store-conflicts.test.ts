import { describe, expect, it } from 'vitest';
import type { IncomingEvent } from '../events/event.ts';
import { MemoryStorage } from '../storage/memory/memory-storage.ts';
import { silentLogger } from '../util/logger.ts';
import { IngestionQueue } from './ingestion-queue.ts';

// Two writers on one store, as two Signpost nodes on one PostgreSQL: each caches identities, so each commit
// carries what it was computed from and the store refuses a stale one. The refused writer must forget, re-read
// and redo its batch, ending where a single writer would: one person per user, every update kept.

let n = 0;
const ev = (event: string, distinctId: string, properties: Record<string, unknown>): IncomingEvent => ({
  uuid: `00000000-0000-7000-8000-${String(++n).padStart(12, '0')}`,
  event,
  distinctId,
  properties,
  timestamp: new Date('2026-01-01T00:00:00Z'),
});

async function node(storage: MemoryStorage): Promise<IngestionQueue> {
  const queue = new IngestionQueue({
    ingestionStore: storage,
    personStore: storage,
    groupStore: storage,
    logger: silentLogger,
    dedupWindow: 10_000,
    maxCommitEvents: 50,
  });
  await queue.start([]);
  return queue;
}

describe('two writers on one shared store', () => {
  it('merge and update the same persons without losing a change or splitting a person', async () => {
    const storage = new MemoryStorage();
    storage.sharedByNodes = true;
    const [a, b] = [await node(storage), await node(storage)];
    const users = Array.from({ length: 120 }, (_, i) => `user-${i}`);
    // Both nodes first learn every user as anonymous (cached), then race on identify and updates.
    await Promise.all(users.map((u) => b.submit(1, [ev('$pageview', `anon-${u}`, {})])));
    await Promise.all(users.map((u) => a.submit(1, [ev('$pageview', u, {})])));
    await Promise.all(
      users.flatMap((u, i) => [
        a.submit(1, [ev('$identify', u, { $anon_distinct_id: `anon-${u}`, $set: { plan: 'pro' } })]),
        b.submit(1, [ev('visit', `anon-${u}`, { $set: { seen_on_b: i } })]),
        b.submit(1, [ev('visit', u, { $set_once: { first_b: i } })]),
        a.submit(1, [
          ev('$groupidentify', u, { $group_type: i % 2 ? 'company' : 'team', $group_key: `g${i % 3}` }),
        ]),
      ]),
    );
    for (const [i, u] of users.entries()) {
      const persons = await storage.findPersonsByDistinctIds(1, [u, `anon-${u}`]);
      expect(persons.map((p) => p.distinctIds.sort())).toEqual([[`anon-${u}`, u].sort()]);
      expect(persons[0]?.properties).toMatchObject({ plan: 'pro', seen_on_b: i, first_b: i });
    }
    const types = await storage.listGroupTypes(1);
    expect(types.map((t) => t.groupTypeIndex).sort()).toEqual([0, 1]);
    expect(new Set(types.map((t) => t.groupType))).toEqual(new Set(['team', 'company']));
    const events = await storage.listEvents({ projectId: 1, limit: 10_000, offset: 0 });
    expect(events.length).toBe(users.length * 6);
  });

  it('a writer told by the change feed reads the other writer’s person instead of its cached copy', async () => {
    const storage = new MemoryStorage();
    storage.sharedByNodes = true;
    const [a, b] = [await node(storage), await node(storage)];
    await b.submit(1, [ev('visit', 'ann', { $set: { step: 1 } })]);
    await a.submit(1, [ev('visit', 'ann', { $set: { step: 2 } })]);
    expect((await b.lookupPerson(1, 'ann'))?.properties.step).toBe(1);
    b.forget({
      distinctIds: [{ projectId: 1, distinctId: 'ann' }],
      personIds: [],
      groups: [],
      groupTypeProjects: [],
    });
    expect((await b.lookupPerson(1, 'ann'))?.properties.step).toBe(2);
  });
});
