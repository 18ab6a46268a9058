import { describe, expect, it } from 'vitest';
import type { IncomingEvent } from '../events/event.ts';
import { MemoryStorage } from '../storage/memory/memory-storage.ts';
import { silentLogger } from '../util/logger.ts';
import { IngestionQueue } from './ingestion-queue.ts';

const event = (uuid: string, distinctId: string, set: Record<string, unknown>): IncomingEvent => ({
  uuid,
  event: 'e',
  distinctId,
  properties: { $set: set },
  timestamp: new Date('2026-01-01T00:00:00Z'),
});

async function queueOn(storage: MemoryStorage) {
  const queue = new IngestionQueue({
    ingestionStore: storage,
    personStore: storage,
    groupStore: storage,
    logger: silentLogger,
    dedupWindow: 100,
    maxCommitEvents: 10,
  });
  await queue.start([]);
  return queue;
}

describe('IngestionQueue', () => {
  it('commits batches processed while an earlier commit was in flight, in order', async () => {
    const storage = new MemoryStorage();
    const queue = await queueOn(storage);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        queue.submit(1, [
          event(`00000000-0000-7000-8000-${String(i).padStart(12, '0')}`, 'same-user', { n: i }),
        ]),
      ),
    );
    expect(results.every((r) => r.stored === 1)).toBe(true);
    const [person] = await storage.findPersonsByDistinctIds(1, ['same-user']);
    // Later batches were processed on top of earlier, uncommitted ones: the last $set wins.
    expect(person?.properties).toEqual({ n: 29 });
    expect(person?.version).toBe(29);
  });

  it('rejects a failed commit and re-processes the batch built on top of it from committed state', async () => {
    const storage = new MemoryStorage();
    const queue = await queueOn(storage);
    storage.failNextCommit = true;
    const first = queue.submit(1, [event('00000000-0000-7000-8000-000000000001', 'x', { a: 1 })]);
    const second = queue.submit(1, [event('00000000-0000-7000-8000-000000000002', 'x', { b: 2 })]);
    await expect(first).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    await expect(second).resolves.toMatchObject({ stored: 1 });
    const [person] = await storage.findPersonsByDistinctIds(1, ['x']);
    expect(person?.properties).toEqual({ b: 2 });
    const events = await storage.listEvents({ projectId: 1, limit: 10, offset: 0 });
    expect(events.map((e) => e.uuid)).toEqual(['00000000-0000-7000-8000-000000000002']);
  });

  it('drops a duplicate of an event whose commit is still in flight', async () => {
    const storage = new MemoryStorage();
    const queue = await queueOn(storage);
    const uuid = '00000000-0000-7000-8000-00000000000a';
    const [a, b] = await Promise.all([
      queue.submit(1, [event(uuid, 'u', {})]),
      queue.submit(1, [event(uuid, 'u', {})]),
    ]);
    expect([a.stored, b.stored, b.duplicates]).toEqual([1, 0, 1]);
  });

  it('commits a submission made while the previous drain is winding down', async () => {
    const storage = new MemoryStorage();
    const queue = await queueOn(storage);
    for (let ticks = 0; ticks < 12; ticks++) {
      await queue.submit(1, [
        event(`00000000-0000-7000-8000-0000000003${String(ticks).padStart(2, '0')}`, 'u', {}),
      ]);
      for (let i = 0; i < ticks; i++) await Promise.resolve();
    }
    await queue.submit(1, [event('00000000-0000-7000-8000-000000000399', 'u', {})]);
    expect(await storage.listEvents({ projectId: 1, limit: 20, offset: 0 })).toHaveLength(13);
  });

  it('drains everything accepted before close, then refuses new work', async () => {
    const storage = new MemoryStorage();
    const queue = await queueOn(storage);
    const pending = Array.from({ length: 5 }, (_, i) =>
      queue.submit(1, [event(`00000000-0000-7000-8000-00000000010${i}`, `u${i}`, {})]),
    );
    await queue.close();
    await Promise.all(pending);
    expect(await storage.listEvents({ projectId: 1, limit: 10, offset: 0 })).toHaveLength(5);
    await expect(
      queue.submit(1, [event('00000000-0000-7000-8000-000000000200', 'late', {})]),
    ).rejects.toMatchObject({
      code: 'SHUTTING_DOWN',
    });
  });
});
