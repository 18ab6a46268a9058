import { describe, expect, it } from 'vitest';
import { inferPropertyType } from './property-type.ts';

const NOW = new Date('2026-03-01T00:00:00Z');
const nowSeconds = NOW.getTime() / 1000;

describe('inferPropertyType', () => {
  it.each([
    ['plan', 'pro', 'String'],
    ['seats', 3, 'Numeric'],
    ['ratio', -0.5, 'Numeric'],
    ['is_pro', true, 'Boolean'],
    ['is_pro', ' False ', 'Boolean'],
    ['signed', '2026-01-02', 'DateTime'],
    ['signed', '2026-01-02T03:04:05.123Z', 'DateTime'],
    ['signed', '2026-01-02 03:04:05', 'DateTime'],
    ['signed', '2026-01-02T03:04:05+02:00', 'DateTime'],
    // A recent number under a key naming a time is a Unix timestamp; an old one, or another key, a number.
    ['paid_at', nowSeconds - 3600, 'DateTime'],
    ['lastTimestamp', nowSeconds, 'DateTime'],
    ['paid_at', 1_000_000, 'Numeric'],
    ['amount', nowSeconds, 'Numeric'],
    // Campaign tags and flag responses are text whatever they look like.
    ['utm_campaign', 2026, 'String'],
    ['UTM_source', 'true', 'String'],
    ['$feature/new-checkout', true, 'String'],
    ['$feature_flag_response', 'false', 'String'],
    ['note', '2026-13', 'String'],
  ] as const)('%s = %j → %s', (key, value, type) => {
    expect(inferPropertyType(key, value, NOW)).toBe(type);
  });

  it('gives no type to empty or structured values', () => {
    for (const value of [null, undefined, { a: 1 }, [1, 2]])
      expect(inferPropertyType('x', value, NOW)).toBeNull();
  });
});
