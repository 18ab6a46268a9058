import { describe, expect, it } from 'vitest';
import { parseDate, parseRelativeDate } from './date-operators.ts';

const now = new Date('2024-03-31T10:00:00Z');

describe('relative dates', () => {
  it('subtracts units from the given now', () => {
    expect(parseRelativeDate('-1h', now)).toBe(Date.parse('2024-03-31T09:00:00Z'));
    expect(parseRelativeDate('7d', now)).toBe(Date.parse('2024-03-24T10:00:00Z'));
    expect(parseRelativeDate('-2w', now)).toBe(Date.parse('2024-03-17T10:00:00Z'));
  });

  it('clamps the day of month once, like chrono', () => {
    expect(parseRelativeDate('-1m', now)).toBe(Date.parse('2024-02-29T10:00:00Z'));
    expect(parseRelativeDate('-2m', now)).toBe(Date.parse('2024-01-31T10:00:00Z'));
    expect(parseRelativeDate('-1y', new Date('2024-02-29T00:00:00Z'))).toBe(
      Date.parse('2023-02-28T00:00:00Z'),
    );
  });

  it('rejects other shapes and n >= 10000', () => {
    expect(parseRelativeDate('-10000d', now)).toBeNull();
    expect(parseRelativeDate('-1x', now)).toBeNull();
    expect(parseRelativeDate('2024-01-01', now)).toBeNull();
  });
});

describe('parseDate', () => {
  it('honours offsets and reads naive dates in the zone', () => {
    expect(parseDate('2024-01-01T00:00:00+02:00', undefined)).toBe(Date.parse('2023-12-31T22:00:00Z'));
    expect(parseDate('2024-07-01 12:00', 'Europe/Paris')).toBe(Date.parse('2024-07-01T10:00:00Z'));
    expect(parseDate('2024-01-01', 'Europe/Paris')).toBe(Date.parse('2023-12-31T23:00:00Z'));
    expect(parseDate(1700000000, undefined)).toBeNull();
    expect(parseDate('yesterday', undefined)).toBeNull();
  });
});
