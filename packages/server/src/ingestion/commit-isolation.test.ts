import { describe, expect, it } from 'vitest';
import type { IncomingEvent } from '../events/event.ts';
import { MemoryStorage } from '../storage/memory/memory-storage.ts';
import { silentLogger } from '../util/logger.ts';
import { IngestionQueue } from './ingestion-queue.ts';
import type { WriteSet } from './write-set.ts';

// The queue's safety net for poison that validation missed: a commit the storage refuses for its *data* is
// retried per request and then per event, so only the offending event is dropped. A storage that fails for
// its own reasons (disk, I/O) still fails every request in the commit with a retryable 503.

class PickyStorage extends MemoryStorage {
  commits = 0;
  storageDown = false;

  override async commit(ws: WriteSet): Promise<void> {
    this.commits += 1;
    if (this.storageDown) throw new Error('IO Error: No space left on device');
    if (ws.events.some((e) => e.event === 'poison')) throw new Error('Conversion Error: cannot store this');
    return super.commit(ws);
  }

  isDataError(error: unknown): boolean {
    return error instanceof Error && error.message.startsWith('Conversion Error');
  }
}

let n = 0;
const ev = (name: string, distinctId = `user-${n}`): IncomingEvent => ({
  uuid: `00000000-0000-7000-8000-${String(++n).padStart(12, '0')}`,
  event: name,
  distinctId,
  properties: { $set: { seen: name } },
  timestamp: new Date('2026-01-01T00:00:00Z'),
});

async function queueOn(storage: MemoryStorage) {
  const queue = new IngestionQueue({
    ingestionStore: storage,
    personStore: storage,
    groupStore: storage,
    logger: silentLogger,
    dedupWindow: 1000,
    maxCommitEvents: 1000,
  });
  await queue.start([]);
  return queue;
}

const stored = async (storage: MemoryStorage) =>
  (await storage.listEvents({ projectId: 1, limit: 1000, offset: 0 })).map((e) => e.event).sort();

describe('commit isolation', () => {
  it('drops only the poison event of a shared commit; every other request is stored', async () => {
    const storage = new PickyStorage();
    const queue = await queueOn(storage);
    const requests = Array.from({ length: 20 }, (_, i) =>
      i === 7 ? [ev('ok-7a'), ev('poison'), ev('ok-7b'), ev('ok-7c')] : [ev(`ok-${i}`), ev(`ok-${i}-second`)],
    );
    const results = await Promise.all(requests.map((events) => queue.submit(1, events)));
    results.forEach((r, i) => {
      expect(r.failed).toEqual(i === 7 ? [1] : []);
      expect(r.stored).toBe(i === 7 ? 3 : 2);
    });
    const names = await stored(storage);
    expect(names).not.toContain('poison');
    expect(names).toHaveLength(19 * 2 + 3);
    // Persons of the stored events exist; the poison event's $set never reached its person.
    const [person] = await storage.findPersonsByDistinctIds(1, [requests[7]?.[2]?.distinctId as string]);
    expect(person?.properties).toEqual({ seen: 'ok-7b' });
  });

  it('finds several poison events in one big request by halving, not one commit per event', async () => {
    const storage = new PickyStorage();
    const queue = await queueOn(storage);
    const events = Array.from({ length: 512 }, (_, i) => ev(i === 3 || i === 400 ? 'poison' : 'fine'));
    const result = await queue.submit(1, events);
    expect(result.failed).toEqual([3, 400]);
    expect(result.stored).toBe(510);
    expect((await stored(storage)).length).toBe(510);
    expect(storage.commits).toBeLessThan(60);
  });

  it('fails every request of the commit with 503 when the storage itself is down, and recovers after', async () => {
    const storage = new PickyStorage();
    const queue = await queueOn(storage);
    storage.storageDown = true;
    const attempts = [queue.submit(1, [ev('a')]), queue.submit(1, [ev('b')])];
    for (const attempt of attempts)
      await expect(attempt).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    storage.storageDown = false;
    await expect(queue.submit(1, [ev('c')])).resolves.toMatchObject({ stored: 1, failed: [] });
  });

  it('treats a value JavaScript cannot convert (RangeError) as the data’s fault on any store', async () => {
    class ThrowingStorage extends MemoryStorage {
      override async commit(ws: WriteSet): Promise<void> {
        if (ws.events.some((e) => e.event === 'bad')) BigInt(Number.NaN);
        return super.commit(ws);
      }
    }
    const storage = new ThrowingStorage();
    const queue = await queueOn(storage);
    const [good, bad] = await Promise.all([
      queue.submit(1, [ev('good')]),
      queue.submit(1, [ev('bad'), ev('ok')]),
    ]);
    expect(good.failed).toEqual([]);
    expect(bad.failed).toEqual([0]);
    expect(await stored(storage)).toEqual(['good', 'ok']);
  });
});
