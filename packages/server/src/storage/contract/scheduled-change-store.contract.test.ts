import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScheduledChange } from '../../schedules/scheduled-change.ts';
import type { StateStorage } from '../postgres/postgres-storage.ts';
import { at, stateEngines } from './state-engines.test-kit.ts';

const change = (id: string, due: string, more: Partial<ScheduledChange> = {}): ScheduledChange => ({
  id,
  projectId: 1,
  environmentId: 1,
  recordId: 7,
  payload: { operation: 'update_rollout', value: 10 },
  scheduledAt: at(due),
  executedAt: null,
  failureReason: null,
  cancelledAt: null,
  planId: null,
  step: null,
  guardrailIds: [],
  pausedAt: null,
  pauseReason: null,
  guardrailsWaivedBy: null,
  createdAt: at('2026-01-01T00:00:00Z'),
  createdBy: 'ana@example.com',
  ...more,
});

const step = (planId: string, index: number, due: string) =>
  change(`${planId}-${index}`, due, {
    planId,
    step: index,
    payload: { operation: 'update_rollout', value: 10 * (index + 1) },
  });

describe.each(stateEngines())('ScheduledChangeStore on $name', (engine) => {
  let s: StateStorage;
  beforeEach(async () => {
    s = await engine.open();
  });
  afterEach(() => s.close());

  it('keeps changes with their payloads, lists them per project and flag in due order', async () => {
    const filters = {
      operation: 'update_filters' as const,
      value: {
        groups: [{ properties: [], rollout_percentage: 30, variant: null }],
        payloads: { true: '{"a":"ü"}' },
      },
    };
    const b = change('b', '2026-01-02T00:00:00Z', { payload: filters, environmentId: 2 });
    const a = change('a', '2026-01-01T10:00:00.123Z');
    await s.schedules.insert([b, a, change('other-flag', '2026-01-01T00:00:00Z', { recordId: 8 })]);
    await s.schedules.insert([change('other-project', '2026-01-01T00:00:00Z', { projectId: 2 })]);
    expect(await s.schedules.list({ projectId: 1, recordId: 7 })).toEqual([a, b]);
    expect(await s.schedules.list({ projectId: 1, recordId: 7, environmentId: 2 })).toEqual([b]);
    expect((await s.schedules.list({ projectId: 1 })).map((c) => c.id)).toEqual(['other-flag', 'a', 'b']);
    expect(await s.schedules.get('b')).toEqual(b);
    expect(await s.schedules.get('nope')).toBeUndefined();
    expect(await s.schedules.nextDue()).toEqual(at('2026-01-01T00:00:00Z'));
  });

  it('claims due changes once, in due order and plan-step order, marking them executed', async () => {
    await s.schedules.insert([
      change('late', '2026-01-05T00:00:00Z'),
      step('p', 1, '2026-01-01T00:00:00Z'),
      step('p', 0, '2026-01-01T00:00:00Z'),
      change('early', '2025-12-31T00:00:00Z'),
    ]);
    const now = at('2026-01-02T00:00:00Z');
    const first = await s.schedules.claimDue(now, 2);
    expect(first.map((c) => c.id)).toEqual(['early', 'p-0']);
    expect(first[0]?.executedAt).toEqual(now);
    expect((await s.schedules.claimDue(now, 10)).map((c) => c.id)).toEqual(['p-1']);
    expect(await s.schedules.claimDue(now, 10)).toEqual([]);
    expect(await s.schedules.nextDue()).toEqual(at('2026-01-05T00:00:00Z'));
    expect((await s.schedules.get('p-1'))?.executedAt).toEqual(now);
  });

  it('hands each due change to one of two claims made at the same moment', async () => {
    const many = Array.from({ length: 20 }, (_, i) =>
      change(`c${String(i).padStart(2, '0')}`, '2026-01-01T00:00:00Z'),
    );
    await s.schedules.insert(many);
    const now = at('2026-01-01T00:00:01Z');
    const [x, y] = await Promise.all([s.schedules.claimDue(now, 15), s.schedules.claimDue(now, 15)]);
    const ids = [...(x ?? []), ...(y ?? [])].map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(many.map((c) => c.id));
  });

  it('records a failure and stops the rest of its plan; cancels pending changes only', async () => {
    await s.schedules.insert([
      step('p', 0, '2026-01-01T00:00:00Z'),
      step('p', 1, '2026-01-02T00:00:00Z'),
      step('p', 2, '2026-01-03T00:00:00Z'),
      step('q', 0, '2026-01-01T00:00:00Z'),
      step('q', 1, '2026-01-04T00:00:00Z'),
      change('single', '2026-01-05T00:00:00Z'),
    ]);
    const now = at('2026-01-01T12:00:00Z');
    expect((await s.schedules.claimDue(now, 10)).map((c) => c.id)).toEqual(['p-0', 'q-0']);
    await s.schedules.recordFailure('p-0', 'Flag 7 was deleted.', now);
    expect(await s.schedules.get('p-0')).toMatchObject({
      failureReason: 'Flag 7 was deleted.',
      executedAt: now,
    });
    expect(await s.schedules.get('p-2')).toMatchObject({
      cancelledAt: now,
      executedAt: null,
      failureReason: 'An earlier step of the plan failed: Flag 7 was deleted.',
    });
    expect(await s.schedules.get('q-1')).toMatchObject({ cancelledAt: null, failureReason: null });
    expect(await s.schedules.cancel('q-0', now)).toBe(false);
    expect(await s.schedules.cancel('single', now)).toBe(true);
    expect(await s.schedules.cancel('single', now)).toBe(false);
    expect(await s.schedules.cancelPlan('q', now)).toBe(1);
    expect(await s.schedules.cancelPlan('p', now)).toBe(0);
    expect(await s.schedules.claimDue(at('2027-01-01T00:00:00Z'), 10)).toEqual([]);
    expect(await s.schedules.nextDue()).toBeNull();
  });

  it('pauses a plan at a step (un-claiming it and later steps), resumes it with the step waived', async () => {
    await s.schedules.insert([
      step('p', 0, '2026-01-01T00:00:00Z'),
      { ...step('p', 1, '2026-01-02T00:00:00Z'), guardrailIds: ['g-1', 'g-2'] },
      step('p', 2, '2026-01-02T00:00:00Z'),
      step('p', 3, '2026-01-09T00:00:00Z'),
    ]);
    expect((await s.schedules.get('p-1'))?.guardrailIds).toEqual(['g-1', 'g-2']);
    expect((await s.schedules.get('p-0'))?.guardrailIds).toEqual([]);
    expect((await s.schedules.claimDue(at('2026-01-01T00:00:00Z'), 10)).map((c) => c.id)).toEqual(['p-0']);
    const now = at('2026-01-02T00:00:00Z');
    expect((await s.schedules.claimDue(now, 10)).map((c) => c.id)).toEqual(['p-1', 'p-2']);
    const paused = await s.schedules.pausePlan('p', 1, 'error rate 0.3 is not below 0.02', now);
    expect(paused.sort()).toEqual(['p-1', 'p-2', 'p-3']);
    expect(await s.schedules.get('p-0')).toMatchObject({
      executedAt: at('2026-01-01T00:00:00Z'),
      pausedAt: null,
    });
    expect(await s.schedules.get('p-2')).toMatchObject({
      executedAt: null,
      pausedAt: now,
      pauseReason: 'error rate 0.3 is not below 0.02',
    });
    // Paused steps are neither due nor claimed, however late it gets.
    expect(await s.schedules.claimDue(at('2027-01-01T00:00:00Z'), 10)).toEqual([]);
    expect(await s.schedules.nextDue()).toBeNull();

    expect(await s.schedules.resumePlan('p', 'ana@example.com', now)).toBe(true);
    expect(await s.schedules.resumePlan('p', 'ana@example.com', now)).toBe(false);
    expect(await s.schedules.get('p-1')).toMatchObject({
      pausedAt: null,
      pauseReason: null,
      guardrailsWaivedBy: 'ana@example.com',
    });
    expect(await s.schedules.get('p-2')).toMatchObject({ pausedAt: null, guardrailsWaivedBy: null });
    expect(await s.schedules.nextDue()).toEqual(at('2026-01-02T00:00:00Z'));
    expect((await s.schedules.claimDue(now, 10)).map((c) => c.id)).toEqual(['p-1', 'p-2']);

    // A paused plan can be cancelled: its paused steps are pending, not applied.
    await s.schedules.pausePlan('p', 3, 'again', now);
    expect(await s.schedules.cancelPlan('p', now)).toBe(1);
    expect(await s.schedules.get('p-3')).toMatchObject({ cancelledAt: now, executedAt: null });
  });

  it.runIf(engine.name === 'postgres')('lets one scheduler pass run at a time across nodes', async () => {
    const exclusively = s.schedules.exclusively?.bind(s.schedules);
    if (!exclusively) throw new Error('PostgreSQL must serialise scheduler passes');
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => {
      release = r;
    });
    const first = exclusively(async () => {
      await held;
      return 'first';
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(await exclusively(async () => 'second')).toBeUndefined();
    release();
    expect(await first).toBe('first');
    expect(await exclusively(async () => 'third')).toBe('third');
  });
});
