import { fingerprint } from './known-keys.ts';

const EMPTY = 0;

/** What a window is made of (see `exportState`): the ring's used part, its head, and the lookup table. */
export interface RecentUuidsState {
  ring: Uint32Array<ArrayBuffer>;
  head: number;
  table: Uint32Array<ArrayBuffer>;
}
const INITIAL_SLOTS = 1024;

/**
 * A bounded memory of recently stored event uuids. SDK retries arrive within minutes, so a window of the
 * newest N uuids catches them without keeping every uuid ever seen in memory.
 *
 * Keys are kept as 64-bit fingerprints (see known-keys.ts), not strings: a ring in arrival order (8 bytes a
 * key) says which one to forget when the window is full, and an open-addressed table (linear probing, at most
 * 3/4 full, 10.7–21.3 bytes a key) answers `has`: 24.8 MB for a full window of a million uuids (see
 * bench/RESULTS.md), where a `Set` + ring of `project:uuid` strings held 87.5 MB. `has` is wrong only when another
 * key has the same 64-bit fingerprint, about n / 2⁶⁴ (5·10⁻¹⁴ per event at a million): such an event would be
 * taken for a retry. Retries are answered from memory alone: confirming a hit in storage would re-store the
 * retried events of a person erased meanwhile.
 */
export class RecentUuids {
  /** Pairs of lanes in arrival order: entry i is [2i] = a, [2i + 1] = b. Grows up to the capacity. */
  private ring = new Uint32Array(0);
  /** The oldest entry once the ring is full (the next one to be replaced). */
  private head = 0;
  private count = 0;
  /** Slot i is [2i] = a, [2i + 1] = b; a = 0 marks an empty slot (fingerprints never have a = 0). */
  private table = new Uint32Array(INITIAL_SLOTS * 2);

  constructor(private readonly capacity: number) {}

  has(key: string): boolean {
    const [a, b] = fingerprint(0, key);
    return this.slotOf(a, b) >= 0;
  }

  add(key: string): void {
    const [a, b] = fingerprint(0, key);
    this.addFingerprint(a, b);
  }

  /** Adds a key by its fingerprint (`fingerprint(0, key)`), for loaders that fingerprint as they read. */
  addFingerprint(a: number, b: number): void {
    if (this.capacity === 0 || this.slotOf(a, b) >= 0) return;
    if (this.count === this.capacity) {
      const { ring, head } = this;
      this.remove(ring[2 * head] as number, ring[2 * head + 1] as number);
      ring[2 * head] = a;
      ring[2 * head + 1] = b;
      this.head = (head + 1) % this.capacity;
    } else {
      if (2 * this.count === this.ring.length) this.growRing();
      this.ring[2 * this.count] = a;
      this.ring[2 * this.count + 1] = b;
      this.count += 1;
    }
    this.insert(a, b);
  }

  /** The whole state, for saving at a stop: restoring it is two copies, not a million inserts. */
  exportState(): RecentUuidsState {
    return { ring: this.ring.subarray(0, 2 * this.count), head: this.head, table: this.table };
  }

  /**
   * A window from a saved state (taking ownership of its arrays), or undefined when the state cannot be one this
   * class made for this capacity: a table that is not a power of two, too full for `has` to end, or holding
   * another number of entries than the ring. (The file it comes from carries a checksum for the rest.)
   */
  static fromState(capacity: number, state: RecentUuidsState): RecentUuids | undefined {
    const { ring, head, table } = state;
    const count = ring.length / 2;
    const slots = table.length / 2;
    if (!Number.isInteger(count) || count > capacity || (count < capacity && head !== 0)) return undefined;
    if (!Number.isInteger(head) || head < 0 || (count > 0 && head >= count)) return undefined;
    if (slots < INITIAL_SLOTS || (slots & (slots - 1)) !== 0 || count * 4 > slots * 3) return undefined;
    let used = 0;
    for (let i = 0; i < table.length; i += 2) if (table[i] !== EMPTY) used += 1;
    if (used !== count) return undefined;
    const window = new RecentUuids(capacity);
    window.ring = ring;
    window.head = head;
    window.count = count;
    window.table = table;
    return window;
  }

  get size(): number {
    return this.count;
  }

  /** Bytes held by the ring and the table (what a window of this size costs). */
  get byteLength(): number {
    return this.ring.byteLength + this.table.byteLength;
  }

  private slotOf(a: number, b: number): number {
    const { table } = this;
    const mask = table.length / 2 - 1;
    for (let i = a & mask; ; i = (i + 1) & mask) {
      const slot = table[2 * i];
      if (slot === EMPTY) return -1;
      if (slot === a && table[2 * i + 1] === b) return i;
    }
  }

  private insert(a: number, b: number): void {
    const { table } = this;
    const mask = table.length / 2 - 1;
    let i = a & mask;
    while (table[2 * i] !== EMPTY) i = (i + 1) & mask;
    table[2 * i] = a;
    table[2 * i + 1] = b;
    if (this.count * 4 > (table.length / 2) * 3) this.growTable();
  }

  /** Backward-shift deletion: later entries of the probe run move up, so no tombstone ever slows a lookup. */
  private remove(a: number, b: number): void {
    let hole = this.slotOf(a, b);
    if (hole < 0) return;
    const { table } = this;
    const mask = table.length / 2 - 1;
    for (let j = (hole + 1) & mask; table[2 * j] !== EMPTY; j = (j + 1) & mask) {
      const home = (table[2 * j] as number) & mask;
      // The entry at j may fill the hole only if its home is not cyclically within (hole, j].
      const between = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (between) continue;
      table[2 * hole] = table[2 * j] as number;
      table[2 * hole + 1] = table[2 * j + 1] as number;
      hole = j;
    }
    table[2 * hole] = EMPTY;
    table[2 * hole + 1] = EMPTY;
  }

  private growRing(): void {
    const next = new Uint32Array(Math.min(Math.max(this.ring.length * 2, 2048), this.capacity * 2));
    next.set(this.ring);
    this.ring = next;
  }

  private growTable(): void {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    const mask = this.table.length / 2 - 1;
    for (let i = 0; i < old.length; i += 2) {
      const a = old[i] as number;
      if (a === EMPTY) continue;
      let j = a & mask;
      while (this.table[2 * j] !== EMPTY) j = (j + 1) & mask;
      this.table[2 * j] = a;
      this.table[2 * j + 1] = old[i + 1] as number;
    }
  }
}
