/**
 * At most `limit` holders at once, the rest queued first come first served. Insight queries take a slot for
 * their statement: each DuckDB statement already spreads over every core, so more of them at once only
 * multiplies the work competing with `/flags` and the result-shaping on the main thread, without finishing
 * the queue any sooner.
 */
export class AdmissionGate {
  private running = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.running += 1;
    try {
      return await fn();
    } finally {
      const next = this.queue.shift();
      // The slot passes straight to the next waiter, so a newcomer cannot overtake the queue.
      if (next) next();
      else this.running -= 1;
    }
  }

  /** Holders waiting for a slot (for tests and metrics). */
  get waiting(): number {
    return this.queue.length;
  }
}
