/**
 * A bounded memory of recently stored event uuids. SDK retries arrive within minutes, so a window of the
 * newest N uuids catches them without keeping every uuid ever seen in memory.
 */
export class RecentUuids {
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
      const oldest = this.order[this.head];
      if (oldest !== undefined) this.seen.delete(oldest);
      this.order[this.head] = key;
      this.head = (this.head + 1) % this.capacity;
    } else {
      this.order.push(key);
    }
    this.seen.add(key);
  }

  get size(): number {
    return this.seen.size;
  }
}
