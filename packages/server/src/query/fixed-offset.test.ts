import { expect, it } from 'vitest';
import { fixedOffsetMinutes } from './fixed-offset.ts';

const at = (iso: string) => new Date(iso);

it('gives the constant offset of zones that never change, over any range', () => {
  expect(fixedOffsetMinutes('UTC', null, at('2025-06-30T00:00:00Z'))).toBe(0);
  expect(fixedOffsetMinutes('Etc/GMT+5', at('2020-01-01T00:00:00Z'), at('2025-01-01T00:00:00Z'))).toBe(-300);
});

it('gives the offset of a DST zone over a range inside one season, and none across a change', () => {
  expect(fixedOffsetMinutes('Europe/Berlin', at('2025-06-01T00:00:00Z'), at('2025-07-01T00:00:00Z'))).toBe(
    120,
  );
  expect(fixedOffsetMinutes('Asia/Kolkata', at('2025-01-01T00:00:00Z'), at('2025-12-31T00:00:00Z'))).toBe(
    330,
  );
  // Berlin moved its clocks on 2025-03-30 01:00 UTC; a range ending an hour later already spans it.
  expect(fixedOffsetMinutes('Europe/Berlin', at('2025-03-01T00:00:00Z'), at('2025-03-30T02:00:00Z'))).toBe(
    null,
  );
  expect(fixedOffsetMinutes('America/New_York', at('2024-01-01T00:00:00Z'), at('2025-01-01T00:00:00Z'))).toBe(
    null,
  );
  // No lower bound means all history, which for a DST zone always holds a change.
  expect(fixedOffsetMinutes('Europe/Berlin', null, at('2025-07-01T00:00:00Z'))).toBe(null);
});
