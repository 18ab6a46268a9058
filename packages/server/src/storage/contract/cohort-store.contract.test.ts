import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Cohort } from '../../cohorts/cohort.ts';
import type { StateStorage } from '../postgres/postgres-storage.ts';
import { at, stateEngines } from './state-engines.test-kit.ts';

const cohort = (id: number, over: Partial<Cohort> = {}): Cohort => ({
  id,
  projectId: 1,
  name: `Cohort ${id}`,
  description: '',
  filters: {
    properties: {
      type: 'OR',
      values: [{ type: 'AND', values: [{ key: 'plan', value: 'pro', type: 'person' }] }],
    },
  },
  isStatic: false,
  deleted: false,
  version: 1,
  createdAt: at('2025-01-01T00:00:00.001Z'),
  updatedAt: at('2025-01-01T00:00:00.002Z'),
  createdBy: null,
  ...over,
});
const members = (list: { cohortId: number; distinctId: string }[]) =>
  list.map((m) => `${m.cohortId}:${m.distinctId}`).sort();

describe.each(stateEngines())('CohortStore on $name', (engine) => {
  let s: StateStorage;
  beforeEach(async () => {
    s = await engine.open();
  });
  afterEach(() => s.close());

  it('saves cohorts, replaces one in place, and reads every field back', async () => {
    await s.cohorts.saveCohort(cohort(1));
    await s.cohorts.saveCohort(cohort(2, { isStatic: true, filters: null }));
    const changed = cohort(1, {
      name: 'Renamed',
      version: 2,
      deleted: true,
      updatedAt: at('2025-02-01T00:00:00Z'),
    });
    await s.cohorts.saveCohort(changed);
    expect(await s.cohorts.listCohorts()).toEqual([changed, cohort(2, { isStatic: true, filters: null })]);
  });

  it('replaces a static cohort member list only when one is given', async () => {
    const fixed = cohort(1, { isStatic: true, filters: null });
    await s.cohorts.saveCohort(fixed, ['a', 'b', "o'brien", 'ü']);
    await s.cohorts.saveCohort(cohort(2, { isStatic: true, filters: null }), ['z']);
    await s.cohorts.saveCohort({ ...fixed, name: 'kept members', version: 2 });
    expect(members(await s.cohorts.listStaticMembers())).toEqual(['1:a', '1:b', "1:o'brien", '1:ü', '2:z']);
    await s.cohorts.saveCohort({ ...fixed, version: 3 }, ['c']);
    expect(members(await s.cohorts.listStaticMembers())).toEqual(['1:c', '2:z']);
    await s.cohorts.saveCohort({ ...fixed, version: 4 }, []);
    expect(members(await s.cohorts.listStaticMembers())).toEqual(['2:z']);
  });

  it('stores a large member list', async () => {
    const ids = Array.from({ length: 5_000 }, (_, i) => `user-${i}`);
    await s.cohorts.saveCohort(cohort(1, { isStatic: true, filters: null }), ids);
    expect((await s.cohorts.listStaticMembers()).length).toBe(5_000);
  });

  it('replaces a computed membership per cohort and environment, keeping when it was computed', async () => {
    const run = (cohortId: number, environmentId: number, distinctIds: string[], time: string) => ({
      cohortId,
      environmentId,
      distinctIds,
      computedAt: at(time),
    });
    const byPair = async () =>
      (await s.cohorts.listComputedMemberships()).sort(
        (a, b) => a.cohortId - b.cohortId || a.environmentId - b.environmentId,
      );
    await s.cohorts.saveComputedMembership(run(1, 1, ['b', 'a', "o'brien"], '2025-03-01T00:00:00.001Z'));
    await s.cohorts.saveComputedMembership(run(1, 2, ['a'], '2025-03-01T00:00:00.002Z'));
    await s.cohorts.saveComputedMembership(run(2, 1, ['z'], '2025-03-01T00:00:00.003Z'));
    expect(await byPair()).toEqual([
      run(1, 1, ['a', 'b', "o'brien"], '2025-03-01T00:00:00.001Z'),
      run(1, 2, ['a'], '2025-03-01T00:00:00.002Z'),
      run(2, 1, ['z'], '2025-03-01T00:00:00.003Z'),
    ]);
    // Recomputed empty: the pair stays, with no members and the new time.
    await s.cohorts.saveComputedMembership(run(1, 1, [], '2025-03-02T00:00:00Z'));
    expect(await byPair()).toEqual([
      run(1, 1, [], '2025-03-02T00:00:00Z'),
      run(1, 2, ['a'], '2025-03-01T00:00:00.002Z'),
      run(2, 1, ['z'], '2025-03-01T00:00:00.003Z'),
    ]);
    // Static members are a separate list: a computed one never shows there.
    expect(await s.cohorts.listStaticMembers()).toEqual([]);
  });
});
