import { describe, expect, it } from 'vitest';
import { EventQueue } from './event-queue.ts';
import type { WireEvent } from './wire-event.ts';

const event = (i: number): WireEvent => ({
  event: `e${i}`,
  distinct_id: 'u',
  properties: {},
  timestamp: new Date(0).toISOString(),
  uuid: String(i),
});
const names = (events: WireEvent[]) => events.map((e) => e.event);

describe('EventQueue', () => {
  it('keeps at most its capacity, dropping and counting the oldest', () => {
    const queue = new EventQueue(3);
    for (let i = 0; i < 5; i++) queue.push(event(i));
    expect(queue.length).toBe(3);
    expect(queue.dropped).toBe(2);
    expect(names(queue.take(10))).toEqual(['e2', 'e3', 'e4']);
  });

  it('puts an undelivered batch back in front, in order, still within capacity', () => {
    const queue = new EventQueue(4);
    for (let i = 0; i < 4; i++) queue.push(event(i));
    const batch = queue.take(2);
    queue.push(event(4));
    queue.push(event(5));
    queue.push(event(6));
    // 2 back + 5 waiting = 7 > 4: the three oldest go.
    queue.putBack(batch);
    expect(queue.dropped).toBe(3);
    expect(names(queue.take(10))).toEqual(['e3', 'e4', 'e5', 'e6']);
  });

  it('clear() empties the queue and counts the events as dropped', () => {
    const queue = new EventQueue(10);
    queue.push(event(1));
    queue.push(event(2));
    expect(queue.clear()).toBe(2);
    expect(queue.length).toBe(0);
    expect(queue.dropped).toBe(2);
  });
});
