import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../alerts/alert.ts';
import type { StateStorage } from '../postgres/postgres-storage.ts';
import { at, stateEngines } from './state-engines.test-kit.ts';

const alert = (id: string, projectId: number, due: string, createdAt = due): Alert => ({
  id,
  projectId,
  environmentId: projectId,
  name: `errors ${id} ü`,
  enabled: true,
  spec: {
    kind: 'insight',
    insightId: 7,
    seriesIndex: 0,
    condition: 'absolute_value',
    thresholdType: 'absolute',
    lower: null,
    upper: 10.5,
  },
  action: { type: 'disable_flag', flagId: 3 },
  checkIntervalMinutes: 5,
  createdAt: at(createdAt),
  createdBy: 'ana@example.com',
  state: 'not_firing',
  lastValue: null,
  lastCheckedAt: null,
  lastMessage: null,
  nextCheckAt: at(due),
});

describe.each(stateEngines())('AlertStore on $name', (engine) => {
  let s: StateStorage;
  beforeEach(async () => {
    s = await engine.open();
  });
  afterEach(() => s.close());

  it('keeps alerts per project, oldest first, updates what people edit and deletes', async () => {
    const a = alert('a', 1, '2026-01-01T00:00:00.001Z');
    const guard: Alert = {
      ...alert('b', 1, '2026-01-02T00:00:00Z'),
      spec: {
        kind: 'guardrail',
        flagId: 4,
        event: '$exception',
        denominatorEvent: '$pageview',
        upper: 0.02,
        windowMinutes: 60,
        critical: true,
      },
      action: null,
    };
    await s.alerts.insert(guard);
    await s.alerts.insert(a);
    await s.alerts.insert(alert('other', 2, '2026-01-01T00:00:00Z'));
    expect(await s.alerts.list(1)).toEqual([a, guard]);
    const edited: Alert = {
      ...a,
      name: 'renamed',
      enabled: false,
      action: null,
      checkIntervalMinutes: 60,
      nextCheckAt: at('2026-02-01T00:00:00Z'),
    };
    // Check state is the scheduler's: an edit does not overwrite it.
    await s.alerts.update({ ...edited, state: 'firing', lastValue: 99 });
    expect(await s.alerts.get('a')).toEqual(edited);
    await s.alerts.delete('a');
    expect(await s.alerts.get('a')).toBeUndefined();
    expect((await s.alerts.list(1)).map((x) => x.id)).toEqual(['b']);
  });

  it('claims enabled due alerts once, soonest first, within the limit, and again only after the lease', async () => {
    await s.alerts.insert(alert('late', 1, '2026-01-01T00:10:00Z'));
    await s.alerts.insert(alert('a2', 1, '2026-01-01T00:00:02Z'));
    await s.alerts.insert(alert('a1', 1, '2026-01-01T00:00:01Z'));
    await s.alerts.insert(alert('a3', 1, '2026-01-01T00:00:03Z'));
    await s.alerts.insert({ ...alert('off', 1, '2026-01-01T00:00:00Z'), enabled: false });
    const now = at('2026-01-01T00:01:00Z');
    const lease = at('2026-01-01T00:02:00Z');
    const first = await s.alerts.claimDue(now, lease, 2);
    expect(first.map((x) => x.id)).toEqual(['a1', 'a2']);
    expect(first[0]?.nextCheckAt).toEqual(lease);
    expect((await s.alerts.claimDue(now, lease, 10)).map((x) => x.id)).toEqual(['a3']);
    expect(await s.alerts.claimDue(now, lease, 10)).toEqual([]);
    const after = await s.alerts.claimDue(lease, at('2026-01-01T00:03:00Z'), 10);
    expect(after.map((x) => x.id)).toEqual(['a1', 'a2', 'a3']);
  });

  it('hands each due alert to one of two claims made at the same moment', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `x${String(i).padStart(2, '0')}`);
    for (const id of ids) await s.alerts.insert(alert(id, 1, '2026-01-01T00:00:00Z'));
    const now = at('2026-01-01T00:00:01Z');
    const lease = at('2026-01-01T00:01:00Z');
    const [x, y] = await Promise.all([s.alerts.claimDue(now, lease, 15), s.alerts.claimDue(now, lease, 15)]);
    const got = [...(x ?? []), ...(y ?? [])].map((a) => a.id);
    expect(new Set(got).size).toBe(got.length);
    expect(got.sort()).toEqual(ids);
  });

  it('records a check: state, value, message, when, and the next due time', async () => {
    await s.alerts.insert(alert('a', 1, '2026-01-01T00:00:00Z'));
    const check = {
      alertId: 'a',
      state: 'firing' as const,
      value: 12.25,
      message: 'value 12.25 is above 10.5',
      checkedAt: at('2026-01-01T00:00:00.250Z'),
      nextCheckAt: at('2026-01-01T00:05:00Z'),
    };
    await s.alerts.recordCheck(check);
    expect(await s.alerts.get('a')).toMatchObject({
      state: 'firing',
      lastValue: 12.25,
      lastMessage: check.message,
      lastCheckedAt: check.checkedAt,
      nextCheckAt: check.nextCheckAt,
    });
    await s.alerts.recordCheck({ ...check, state: 'errored', value: null, message: null });
    expect(await s.alerts.get('a')).toMatchObject({ state: 'errored', lastValue: null, lastMessage: null });
  });

  it.skipIf(!engine.relational)('goes with the project', async () => {
    const p = await s.projects.insertProject(
      { name: 'A', apiToken: 'phc_a', timezone: 'UTC', createdAt: at('2026-01-01T00:00:00Z') },
      'production',
    );
    await s.alerts.insert(alert('a', p.id, '2026-01-01T00:00:00Z'));
    await s.projects.deleteProject(p.id);
    expect(await s.alerts.list(p.id)).toEqual([]);
  });
});
