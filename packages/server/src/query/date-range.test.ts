import { describe, expect, it } from 'vitest';
import { previousPeriod, resolveDateRange } from './date-range.ts';
import { wallKey } from './zoned-time.ts';

const now = new Date('2024-03-31T12:00:00Z');

describe('resolveDateRange', () => {
  it('-7d means the start of the day seven days ago through the end of today, in the project zone', () => {
    const r = resolveDateRange({ date_from: '-7d' }, 'day', {
      now,
      timeZone: 'Europe/Berlin',
      earliest: null,
    });
    expect(r.buckets.map(wallKey)).toHaveLength(8);
    expect(wallKey(r.buckets[0] ?? 0)).toBe('2024-03-24 00:00:00');
    // Berlin is UTC+1 before the DST change on 31 March and UTC+2 after it.
    expect(r.from.toISOString()).toBe('2024-03-23T23:00:00.000Z');
    expect(r.to.toISOString()).toBe('2024-03-31T22:00:00.000Z');
  });

  it('hour buckets skip the hour that DST removes', () => {
    const r = resolveDateRange({ date_from: '2024-03-31', date_to: '2024-03-31' }, 'hour', {
      now,
      timeZone: 'Europe/Berlin',
      earliest: null,
    });
    // Wall-clock hours 00..23 exist on the calendar; the instants span 23 real hours.
    expect(r.buckets).toHaveLength(24);
    expect((r.to.getTime() - r.from.getTime()) / 3_600_000).toBe(23);
  });

  it('mStart, yStart, all and previous periods', () => {
    const opts = { now, timeZone: 'UTC', earliest: new Date('2023-12-30T05:00:00Z') };
    expect(resolveDateRange({ date_from: 'mStart' }, 'day', opts).buckets).toHaveLength(31);
    expect(resolveDateRange({ date_from: 'yStart' }, 'month', opts).buckets).toHaveLength(3);
    const all = resolveDateRange({ date_from: 'all' }, 'day', opts);
    expect(all.from.toISOString()).toBe('2023-12-30T00:00:00.000Z');
    const prev = previousPeriod(resolveDateRange({ date_from: '-24h' }, 'hour', opts));
    expect(prev.buckets).toHaveLength(25);
    expect(prev.to.toISOString()).toBe('2024-03-30T12:00:00.000Z');
  });
});
