import type { WireEvent } from './wire-event.ts';

/**
 * The events waiting to be sent. It never holds more than `capacity`: when full, the oldest event is dropped
 * and counted, because an app that outlives a long outage must not run out of memory, and recent events are
 * worth more than old ones.
 */
export class EventQueue {
  // The live events are `events[head..]`: dropping the oldest only moves `head`, so a full queue costs O(1) per
  // event instead of shifting thousands of entries; the dead prefix is cut off once it outweighs the rest.
  private events: WireEvent[] = [];
  private head = 0;
  private droppedCount = 0;

  constructor(private readonly capacity: number) {}

  get length(): number {
    return this.events.length - this.head;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  push(event: WireEvent): void {
    this.events.push(event);
    this.trim();
  }

  /** Removes and returns up to `count` of the oldest events, to be sent as one batch. */
  take(count: number): WireEvent[] {
    const batch = this.events.slice(this.head, this.head + count);
    this.head += batch.length;
    this.compact();
    return batch;
  }

  /** Puts a batch that could not be delivered back in front, in its original order. */
  putBack(batch: WireEvent[]): void {
    this.events = batch.concat(this.events.slice(this.head));
    this.head = 0;
    this.trim();
  }

  /** Discards everything, counting it as dropped. */
  clear(): number {
    const count = this.length;
    this.droppedCount += count;
    this.events = [];
    this.head = 0;
    return count;
  }

  /** Counts events lost outside the queue (a batch abandoned in flight at shutdown). */
  countDropped(count: number): void {
    this.droppedCount += count;
  }

  private trim(): void {
    const excess = this.length - this.capacity;
    if (excess > 0) {
      this.head += excess;
      this.droppedCount += excess;
      this.compact();
    }
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.events.length) {
      this.events = this.events.slice(this.head);
      this.head = 0;
    }
  }
}
