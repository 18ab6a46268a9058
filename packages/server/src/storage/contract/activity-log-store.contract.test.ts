import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../activity-log/activity-entry.ts';
import type { StateStorage } from '../postgres/postgres-storage.ts';
import { at, stateEngines } from './state-engines.test-kit.ts';

const entry = (id: string, time: string, over: Partial<ActivityEntry> = {}): ActivityEntry => ({
  id,
  projectId: 1,
  scope: 'FeatureFlag',
  itemId: '7',
  activity: 'updated',
  actor: { kind: 'member', id: 'u1', name: 'ana@example.com' },
  at: at(time),
  name: 'checkout',
  changes: [
    { type: 'FeatureFlag', action: 'changed', field: 'active', before: false, after: { nested: [1, 'two'] } },
  ],
  reason: null,
  revertOf: null,
  environmentId: null,
  ...over,
});

describe.each(stateEngines())('ActivityLogStore on $name', (engine) => {
  let s: StateStorage;
  beforeEach(async () => {
    s = await engine.open();
    const entries = [
      entry('a', '2025-01-01T00:00:00.001Z'),
      entry('b', '2025-01-02T00:00:00Z', {
        scope: 'Cohort',
        itemId: '3',
        reason: 'cleanup',
        environmentId: 4,
      }),
      entry('c', '2025-01-02T00:00:00Z', { actor: { kind: 'system', id: null, name: 'system' } }),
      entry('d', '2025-01-03T00:00:00Z', { activity: 'reverted', revertOf: 'a' }),
      entry('x', '2025-01-04T00:00:00Z', { projectId: 2 }),
    ];
    for (const e of entries) await s.activity.append(e);
  });
  afterEach(() => s.close());

  const ids = (list: ActivityEntry[]) => list.map((e) => e.id);

  it('lists one project newest first, ties broken by id, and reads every field back', async () => {
    const list = await s.activity.list({ projectId: 1, limit: 10 });
    expect(ids(list)).toEqual(['d', 'c', 'b', 'a']);
    expect(list[2]).toEqual(
      entry('b', '2025-01-02T00:00:00Z', {
        scope: 'Cohort',
        itemId: '3',
        reason: 'cleanup',
        environmentId: 4,
      }),
    );
    expect(await s.activity.get(1, 'd')).toEqual(
      entry('d', '2025-01-03T00:00:00Z', { activity: 'reverted', revertOf: 'a' }),
    );
    expect(await s.activity.get(2, 'd')).toBeUndefined();
  });

  it('filters by scope, item, actor and time window', async () => {
    expect(ids(await s.activity.list({ projectId: 1, scope: 'Cohort', limit: 10 }))).toEqual(['b']);
    expect(ids(await s.activity.list({ projectId: 1, itemId: '7', limit: 10 }))).toEqual(['d', 'c', 'a']);
    expect(ids(await s.activity.list({ projectId: 1, actorKind: 'system', limit: 10 }))).toEqual(['c']);
    expect(ids(await s.activity.list({ projectId: 1, actorId: 'u1', limit: 10 }))).toEqual(['d', 'b', 'a']);
    const window = { after: at('2025-01-02T00:00:00Z'), before: at('2025-01-03T00:00:00Z') };
    expect(ids(await s.activity.list({ projectId: 1, ...window, limit: 10 }))).toEqual(['c', 'b']);
  });

  it('pages with a cursor through entries that share a time', async () => {
    const first = await s.activity.list({ projectId: 1, limit: 2 });
    expect(ids(first)).toEqual(['d', 'c']);
    const last = first.at(-1);
    const next = await s.activity.list({
      projectId: 1,
      limit: 2,
      cursor: last && { at: last.at, id: last.id },
    });
    expect(ids(next)).toEqual(['b', 'a']);
  });
});
