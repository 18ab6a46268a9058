import { describe, expect, it } from 'vitest';
import type { IncomingEvent } from '../events/event.ts';
import { IngestionQueue } from '../ingestion/ingestion-queue.ts';
import { MemoryStorage } from '../storage/memory/memory-storage.ts';
import { silentLogger } from '../util/logger.ts';
import { ErasureService } from './erasure-service.ts';

// An erasure against the single writer: it waits for the commit in flight, no commit runs during it, requests
// sent meanwhile commit afterwards, and the writer's cache no longer holds the person.

const uuid = (i: number) => `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`;
const event = (i: number, distinctId: string, set: Record<string, unknown> = {}): IncomingEvent => ({
  uuid: uuid(i),
  event: 'e',
  distinctId,
  properties: { $set: set },
  timestamp: new Date('2026-01-01T00:00:00Z'),
});

/** A store whose commits can be held open, and that records whether one ran while `busy` was set. */
class GatedStorage extends MemoryStorage {
  gate: Promise<void> | undefined;
  busy = false;
  committedDuringBusy = 0;
  override async commit(...args: Parameters<MemoryStorage['commit']>): Promise<void> {
    if (this.busy) this.committedDuringBusy += 1;
    await this.gate;
    return super.commit(...args);
  }
}

async function setUp() {
  const storage = new GatedStorage();
  const queue = new IngestionQueue({
    ingestionStore: storage,
    personStore: storage,
    groupStore: storage,
    logger: silentLogger,
    dedupWindow: 100,
    maxCommitEvents: 10,
  });
  await queue.start([]);
  const service = new ErasureService({
    persons: storage,
    eraser: storage.eraser,
    store: storage.erasures,
    writer: queue,
    removeFromStaticCohorts: async () => 0,
  });
  return { storage, queue, service };
}

describe('erasure and the ingestion writer', () => {
  it('waits for the commit in flight and holds later ones until it is done', async () => {
    const { storage, queue, service } = await setUp();
    await queue.submit(1, [event(1, 'ada', { email: 'ada@example.com' })]);
    let open = () => {};
    storage.gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const inFlight = queue.submit(1, [event(2, 'ada')]);
    const erasure = service.erase({
      projectId: 1,
      person: { distinctId: 'ada' },
      mode: 'erase',
      requestedBy: 'test',
    });
    await new Promise((r) => setTimeout(r, 20));
    // The erasure has not run: the commit it must wait for is still open.
    expect(await storage.listEvents({ projectId: 1, limit: 10, offset: 0 })).toHaveLength(1);
    storage.busy = true;
    const during = queue.submit(1, [event(3, 'ada', { plan: 'new' })]);
    open();
    const record = await erasure;
    storage.busy = false;
    await inFlight;
    await during;
    // Both of ada's events were committed before the erasure took them; the later one made a new person.
    expect(record.counts.events).toBe(2);
    // No commit started between the erasure's request and its end (the one in flight had started before).
    expect(storage.committedDuringBusy).toBe(0);
    const [fresh] = await storage.findPersonsByDistinctIds(1, ['ada']);
    expect(fresh?.properties).toEqual({ plan: 'new' });
    expect((await storage.listEvents({ projectId: 1, limit: 10, offset: 0 })).map((e) => e.uuid)).toEqual([
      uuid(3),
    ]);
    expect(await queue.lookupPerson(1, 'ada')).toMatchObject({ properties: { plan: 'new' } });
  });
});
