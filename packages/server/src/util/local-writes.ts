/**
 * Lets a cache be re-read from its store while this node writes to it. A write updates memory after its
 * store call returns; a re-read that started before that write committed but lands after the write updated
 * memory would silently undo it. So every store write is counted when it settles, and a re-read that saw the
 * count move is done again: what it applies was read after every local write it could have missed.
 */
export class LocalWrites {
  private settled = 0;

  /** Counts `write` once it has settled, whatever the outcome. */
  async track<T>(write: Promise<T>): Promise<T> {
    try {
      return await write;
    } finally {
      this.settled += 1;
    }
  }

  /**
   * Runs `read` until no local write settled during it, and returns that read; undefined when writes kept
   * landing (each of them is announced by the change feed too, so the next reload comes anyway).
   */
  async readStable<T>(read: () => Promise<T>, attempts = 5): Promise<T | undefined> {
    for (let i = 0; i < attempts; i++) {
      const before = this.settled;
      const value = await read();
      if (before === this.settled) return value;
    }
    return undefined;
  }
}

/**
 * The store with every method except the named reads counted by `writes`. Listing the reads (not the writes)
 * keeps a write method added later counted without anyone remembering to.
 */
export function trackWrites<S extends object>(
  store: S,
  writes: LocalWrites,
  reads: readonly (keyof S & string)[],
): S {
  const untracked = new Set<PropertyKey>(reads);
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || untracked.has(property)) return value;
      return (...args: unknown[]) => writes.track(Promise.resolve(Reflect.apply(value, target, args)));
    },
  });
}
