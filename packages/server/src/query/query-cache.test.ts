import { describe, expect, it } from 'vitest';
import { jsonSizeUpTo } from './json-size.ts';
import { QueryCache } from './query-cache.ts';

const result = (values: number) => ({
  results: [{ label: 'x', data: Array.from({ length: values }, () => 1) }],
});

describe('jsonSizeUpTo', () => {
  it('is close to the JSON length and stops counting past the limit', () => {
    const value = {
      results: [{ label: 'pageviews', data: [1, 2, 3], days: ['2024-03-01'] }],
      hasMore: false,
    };
    const exact = JSON.stringify(value).length;
    const size = jsonSizeUpTo(value, Number.POSITIVE_INFINITY);
    expect(size).toBeGreaterThanOrEqual(exact * 0.8);
    expect(size).toBeLessThanOrEqual(exact * 2);
    // A million-value array is not walked to the end when the limit is small.
    const started = performance.now();
    expect(jsonSizeUpTo(result(1_000_000), 1000)).toBeLessThan(1_000_000);
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('QueryCache', () => {
  it('answers a result too large for one entry but does not keep it', () => {
    const cache = new QueryCache(Date.now, { maxEntryBytes: 10_000, maxBytes: 100_000 });
    expect(cache.set('big', result(5000))).toBe(false);
    expect(cache.get('big')).toBeUndefined();
    expect(cache.set('small', result(100))).toBe(true);
    expect(cache.get('small')?.value).toEqual(result(100));
  });

  it('keeps its total bytes under the bound by dropping the least recently used', () => {
    const cache = new QueryCache(Date.now, { maxEntryBytes: 10_000, maxBytes: 30_000 });
    for (let i = 0; i < 10; i++) {
      cache.set(`k${i}`, result(1000));
      expect(cache.size.bytes).toBeLessThanOrEqual(30_000);
    }
    expect(cache.size.entries).toBeGreaterThan(0);
    expect(cache.size.entries).toBeLessThan(10);
    expect(cache.get('k9')).toBeDefined();
    expect(cache.get('k0')).toBeUndefined();
  });

  it('replacing or expiring an entry gives its bytes back', () => {
    let now = 0;
    const cache = new QueryCache(() => now, { maxEntryBytes: 10_000, maxBytes: 30_000 });
    cache.set('a', result(1000));
    const one = cache.size.bytes;
    cache.set('a', result(1000));
    expect(cache.size).toEqual({ entries: 1, bytes: one });
    now = 61_000;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toEqual({ entries: 0, bytes: 0 });
  });
});
