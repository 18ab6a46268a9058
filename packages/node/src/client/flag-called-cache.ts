/**
 * Remembers which (distinct id, flag, value) triples already produced a `$feature_flag_called` event, so a flag
 * read in every request does not flood the event stream. Bounded: the least recently seen triple is forgotten
 * first (a Map iterates in insertion order, and a hit is re-inserted at the end).
 */
export class FlagCalledCache {
  private readonly seen = new Map<string, true>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.seen.size;
  }

  /** True the first time this triple is seen (or seen again after being forgotten). */
  firstCall(distinctId: string, flagKey: string, value: unknown): boolean {
    const key = `${distinctId}\u0000${flagKey}\u0000${JSON.stringify(value)}`;
    const known = this.seen.delete(key);
    this.seen.set(key, true);
    if (!known && this.seen.size > this.capacity) {
      const oldest = this.seen.keys().next();
      if (!oldest.done) this.seen.delete(oldest.value);
    }
    return !known;
  }
}
