import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-buckets.ts';

describe('TokenBuckets', () => {
  it('admits a burst, refuses past it with the wait until the next token, and refills at the rate', () => {
    const buckets = new TokenBuckets({ perSecond: 10, capacity: 5, maxTracked: 100 }, 0);
    for (let i = 0; i < 5; i++) expect(buckets.take('a', 0)).toBe(0);
    expect(buckets.take('a', 0)).toBe(100);
    expect(buckets.take('a', 40)).toBe(60);
    expect(buckets.take('a', 100)).toBe(0);
    expect(buckets.take('a', 100)).toBe(100);
    // Other keys have their own bucket.
    expect(buckets.take('b', 100)).toBe(0);
    // A long pause refills to capacity, never beyond.
    let admitted = 0;
    while (buckets.take('a', 60_000) === 0) admitted++;
    expect(admitted).toBe(5);
  });

  it('forgets idle keys and never tracks more than the cap', () => {
    const buckets = new TokenBuckets(
      { perSecond: 1, capacity: 2, maxTracked: 1000, sweepEveryMs: 10_000 },
      0,
    );
    for (let i = 0; i < 500; i++) buckets.take(`ip-${i}`, 0);
    expect(buckets.size).toBe(500);
    // After the buckets refilled (2 s), the next new key's sweep forgets them all.
    buckets.take('late', 20_000);
    expect(buckets.size).toBe(1);

    for (let i = 0; i < 5000; i++) buckets.take(`flood-${i}`, 20_000 + i);
    expect(buckets.size).toBeLessThanOrEqual(1000);
  });

  it('keeps a busy key limited while other keys churn below the cap', () => {
    const buckets = new TokenBuckets({ perSecond: 1, capacity: 1, maxTracked: 10 }, 0);
    expect(buckets.take('busy', 0)).toBe(0);
    for (let i = 0; i < 5; i++) buckets.take(`other-${i}`, 0);
    expect(buckets.take('busy', 0)).toBeGreaterThan(0);
  });
});
