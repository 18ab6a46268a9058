import { describe, expect, it } from 'vitest';
import { RecentUuids } from './recent-uuids.ts';

/** The plain reference: a Set and a ring of strings, the structure RecentUuids replaced. */
class ReferenceWindow {
  private readonly seen = new Set<string>();
  private readonly order: string[] = [];
  private head = 0;
  constructor(private readonly capacity: number) {}
  has(key: string): boolean {
    return this.seen.has(key);
  }
  add(key: string): void {
    if (this.capacity === 0 || this.seen.has(key)) return;
    if (this.seen.size >= this.capacity) {
      this.seen.delete(this.order[this.head] as string);
      this.order[this.head] = key;
      this.head = (this.head + 1) % this.capacity;
    } else this.order.push(key);
    this.seen.add(key);
  }
}

/** A deterministic stream of keys with repeats, so adds hit present keys, evicted keys and new ones. */
function* keys(count: number, spread: number): Generator<string> {
  let x = 12345;
  for (let i = 0; i < count; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    yield `1:0190b6a2-${(x % spread).toString(16).padStart(8, '0')}-7000-8000-000000000000`;
  }
}

describe('RecentUuids', () => {
  it('answers exactly like a Set + ring of strings through evictions, repeats and table growth', () => {
    for (const capacity of [1, 7, 1000, 5000]) {
      const window = new RecentUuids(capacity);
      const reference = new ReferenceWindow(capacity);
      let disagreements = 0;
      let hits = 0;
      for (const key of keys(60_000, capacity * 3)) {
        if (window.has(key) !== reference.has(key)) disagreements += 1;
        if (reference.has(key)) hits += 1;
        window.add(key);
        reference.add(key);
      }
      for (const key of keys(20_000, capacity * 4))
        if (window.has(key) !== reference.has(key)) disagreements += 1;
      expect(disagreements).toBe(0);
      expect(hits).toBeGreaterThan(0); // the stream did exercise duplicates
      expect(window.size).toBe(capacity);
    }
  });

  it('forgets the oldest keys once full, and keeps nothing with a capacity of 0', () => {
    const window = new RecentUuids(3);
    for (const k of ['a', 'b', 'c', 'd']) window.add(k);
    expect(['a', 'b', 'c', 'd'].map((k) => window.has(k))).toEqual([false, true, true, true]);
    const none = new RecentUuids(0);
    none.add('a');
    expect([none.has('a'), none.size]).toEqual([false, 0]);
  });

  it('holds a full window of a million uuids in under 26 bytes each', () => {
    const window = new RecentUuids(1_000_000);
    for (let i = 0; i < 1_200_000; i++)
      window.add(`1:0190b6a2-${i.toString(16).padStart(8, '0')}-7000-8000-000000000000`);
    expect(window.size).toBe(1_000_000);
    expect(window.has('1:0190b6a2-00000000-7000-8000-000000000000')).toBe(false);
    expect(window.has('1:0190b6a2-001193ff-7000-8000-000000000000')).toBe(true);
    expect(window.byteLength / window.size).toBeLessThan(26);
  });
});
