import { describe, expect, it } from 'vitest';
import { timeZoneOptions } from './time-zones.ts';

describe('timeZoneOptions', () => {
  it('puts UTC first, keeps a current alias the runtime list omits, and lists each zone once', () => {
    const zones = timeZoneOptions('Asia/Calcutta');
    expect(zones[0]).toBe('UTC');
    expect(zones).toContain('Asia/Calcutta');
    expect(zones).toContain('Europe/Berlin');
    expect(new Set(zones).size).toBe(zones.length);
    expect(zones.slice(1)).toEqual([...zones.slice(1)].sort((a, b) => a.localeCompare(b)));
  });
});
