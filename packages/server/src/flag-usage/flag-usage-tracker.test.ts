import { describe, expect, it } from 'vitest';
import { FakeFlagUsageStore } from './fake-flag-usage-store.ts';
import type { FlagUsageRow } from './flag-usage.ts';
import { FlagUsageTracker } from './flag-usage-tracker.ts';

const answer = (key: string, value: boolean | string) => ({
  flag: { key },
  result: {
    key,
    value,
    variant: null,
    payload: undefined,
    payloadRaw: undefined,
    reason: { code: 'condition_match' as const, conditionIndex: 0, description: '' },
  },
});

class FailingOnce extends FakeFlagUsageStore {
  failures = 1;
  override async addUsage(rows: readonly FlagUsageRow[]): Promise<void> {
    if (this.failures-- > 0) throw new Error('disk full');
    await super.addUsage(rows);
  }
}

describe('FlagUsageTracker', () => {
  it('splits counts at UTC midnight and keeps them through a failed flush', async () => {
    const clock = { ms: Date.parse('2025-06-30T23:59:59.900Z') };
    const store = new FailingOnce();
    const tracker = new FlagUsageTracker({ store, nowMs: () => clock.ms });
    tracker.recordResults(7, [answer('a', true), answer('b', 'test')]);
    clock.ms += 200;
    tracker.recordResults(7, [answer('a', true), answer('a', false)]);
    tracker.recordPolled(7, ['a']);
    await tracker.flush();
    expect(await store.listUsage(7, '2000-01-01')).toEqual([]);
    expect(tracker.pending(7)).toHaveLength(5);
    await tracker.flush();
    expect(tracker.pending(7)).toEqual([]);
    expect(await store.listUsage(7, '2000-01-01')).toEqual([
      { environmentId: 7, flagKey: 'a', day: '2025-06-30', value: 'true', count: 1 },
      { environmentId: 7, flagKey: 'a', day: '2025-07-01', value: '$polled', count: 1 },
      { environmentId: 7, flagKey: 'a', day: '2025-07-01', value: 'false', count: 1 },
      { environmentId: 7, flagKey: 'a', day: '2025-07-01', value: 'true', count: 1 },
      { environmentId: 7, flagKey: 'b', day: '2025-06-30', value: 'test', count: 1 },
    ]);
    expect(await store.listUsage(8, '2000-01-01')).toEqual([]);
  });
});
