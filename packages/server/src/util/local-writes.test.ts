import { describe, expect, it } from 'vitest';
import { LocalWrites, trackWrites } from './local-writes.ts';

interface Store {
  list(): Promise<string[]>;
  save(value: string): Promise<void>;
}

/** A store whose reads see what was saved before they started, and take `readMs`. */
function slowStore(readMs: number): Store & { rows: string[]; reads: number } {
  return {
    rows: [],
    reads: 0,
    async list() {
      this.reads += 1;
      const snapshot = [...this.rows];
      await new Promise((r) => setTimeout(r, readMs));
      return snapshot;
    },
    async save(value) {
      await new Promise((r) => setTimeout(r, 5));
      this.rows.push(value);
    },
  };
}

describe('re-reading a cache while this node writes', () => {
  it('reads again when a write settled during the read, so the write is in what it applies', async () => {
    const raw = slowStore(30);
    const writes = new LocalWrites();
    const store = trackWrites(raw, writes, ['list']);
    const reading = writes.readStable(() => store.list());
    await store.save('made here');
    expect(await reading).toEqual(['made here']);
    expect(raw.reads).toBe(2);
  });

  it('reads once when nothing was written, and counts a failed write too', async () => {
    const raw = slowStore(5);
    const writes = new LocalWrites();
    const store = trackWrites(raw, writes, ['list']);
    expect(await writes.readStable(() => store.list())).toEqual([]);
    expect(raw.reads).toBe(1);
    const full: Store = { list: () => raw.list(), save: async () => Promise.reject(new Error('disk full')) };
    const failing = trackWrites(full, writes, ['list']);
    const reading = writes.readStable(() => store.list());
    await expect(failing.save('x')).rejects.toThrow('disk full');
    await reading;
    expect(raw.reads).toBe(3);
  });

  it('gives up (undefined) when writes keep landing during every read', async () => {
    const raw = slowStore(20);
    const writes = new LocalWrites();
    const store = trackWrites(raw, writes, ['list']);
    let writing = true;
    const writer = (async () => {
      while (writing) await store.save('again');
    })();
    expect(await writes.readStable(() => store.list(), 3)).toBeUndefined();
    writing = false;
    await writer;
  });
});
