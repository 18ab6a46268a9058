import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChangeContext } from '../activity-log/activity-entry.ts';
import type { Insight } from '../insights/insight.ts';
import { at, stateEngines } from '../storage/contract/state-engines.test-kit.ts';
import type { StateStorage } from '../storage/postgres/postgres-storage.ts';
import { silentLogger } from '../util/logger.ts';
import type { Notification } from '../webhooks/notifier.ts';
import type { Alert } from './alert.ts';
import { AlertScheduler } from './alert-scheduler.ts';

// Two nodes' schedulers on one store, checking at the same moment: each due alert is checked by one of them, so
// a firing alert notifies once and its kill switch is pulled once. The query engine is replaced by a series.

const insight = {
  id: 7,
  projectId: 1,
  deleted: false,
  query: { kind: 'TrendsQuery', series: [{ kind: 'EventsNode', event: 'x' }] },
};
const alert = (id: string): Alert => ({
  id,
  projectId: 1,
  environmentId: 1,
  name: `alert ${id}`,
  enabled: true,
  spec: {
    kind: 'insight',
    insightId: 7,
    seriesIndex: 0,
    condition: 'absolute_value',
    thresholdType: 'absolute',
    lower: null,
    upper: 3,
  },
  action: { type: 'disable_flag', flagId: 9 },
  checkIntervalMinutes: 10,
  createdAt: at('2026-01-01T00:00:00Z'),
  createdBy: 'ana@example.com',
  state: 'not_firing',
  lastValue: null,
  lastCheckedAt: null,
  lastMessage: null,
  nextCheckAt: at('2026-01-01T00:00:00Z'),
});

describe.each(stateEngines())('AlertScheduler on $name', (engine) => {
  let s: StateStorage;
  beforeEach(async () => {
    s = await engine.open();
  });
  afterEach(() => s.close());

  it('checks each due alert on one node only, fires once, and is due again after its interval', async () => {
    let clock = at('2026-01-01T00:01:00Z');
    let points = [0, 5, 1];
    const notes: Notification[] = [];
    const disabled: [number, number, ChangeContext][] = [];
    const node = () =>
      new AlertScheduler({
        store: s.alerts,
        notifier: { notify: async (n) => void notes.push(n) },
        logger: silentLogger,
        disableFlag: async (env, flag, by) => void disabled.push([env, flag, by]),
        runQuery: async () => ({ results: [{ data: points }] }),
        target: () => ({ id: 1, name: 'P', apiToken: 'phc', timezone: 'UTC', createdAt: clock }),
        insight: () => insight as unknown as Insight,
        flagKey: () => 'flag',
        now: () => clock,
        batch: 2,
      });
    const ids = ['a', 'b', 'c', 'd', 'e'];
    for (const id of ids) await s.alerts.insert(alert(id));
    const [x, y] = await Promise.all([node().runDue(), node().runDue()]);
    expect((x ?? 0) + (y ?? 0)).toBe(ids.length);
    expect(notes.map((n) => (n.data.alert as { id: string }).id).sort()).toEqual(ids);
    expect(notes.every((n) => n.type === 'alert.fired' && n.data.state === 'firing')).toBe(true);
    expect(disabled).toHaveLength(ids.length);
    expect(disabled[0]?.[2].actor.name).toMatch(/^alert #[a-e]$/);
    expect(await node().runDue()).toBe(0);

    clock = at('2026-01-01T00:11:00Z');
    points = [0, 1, 9];
    expect(await node().runDue()).toBe(ids.length);
    expect(notes.filter((n) => n.data.state === 'resolved')).toHaveLength(ids.length);
    expect((await s.alerts.get('a'))?.state).toBe('not_firing');
  });
});
