import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FlagUsageRow } from '../../flag-usage/flag-usage.ts';
import type { StateStorage } from '../postgres/postgres-storage.ts';
import { at, stateEngines } from './state-engines.test-kit.ts';

const row = (environmentId: number, flagKey: string, day: string, value: string, count: number) =>
  ({ environmentId, flagKey, day, value, count }) satisfies FlagUsageRow;

describe.each(stateEngines())('FlagUsageStore on $name', (engine) => {
  let s: StateStorage;
  beforeEach(async () => {
    s = await engine.open();
  });
  afterEach(() => s.close());

  it('adds flushes from several nodes to the same day and value instead of replacing them', async () => {
    await s.flagUsage.addUsage([
      row(1, 'beta', '2025-03-01', 'true', 5),
      row(1, 'beta', '2025-03-01', 'false', 2),
    ]);
    // A second node flushing the same counters concurrently, and a later flush of the first.
    await Promise.all([
      s.flagUsage.addUsage([row(1, 'beta', '2025-03-01', 'true', 7)]),
      s.flagUsage.addUsage([
        row(1, 'beta', '2025-03-01', 'true', 1),
        row(1, 'beta', '2025-03-02', 'true', 3),
      ]),
    ]);
    expect(await s.flagUsage.listUsage(1, '2025-03-01')).toEqual([
      row(1, 'beta', '2025-03-01', 'false', 2),
      row(1, 'beta', '2025-03-01', 'true', 13),
      row(1, 'beta', '2025-03-02', 'true', 3),
    ]);
  });

  it('lists one environment from a day on, by flag, day and value, with counts past 2^31', async () => {
    const big = 2 ** 40;
    await s.flagUsage.addUsage([
      row(1, 'zeta', '2025-02-27', 'control', 1),
      row(1, 'alpha', '2025-03-05', '$polled', 4),
      row(1, 'alpha', '2025-03-04', 'test', big),
      row(2, 'alpha', '2025-03-04', 'test', 9),
      row(1, 'Zulu', '2025-03-04', 'true', 1),
    ]);
    expect(await s.flagUsage.listUsage(1, '2025-03-01')).toEqual([
      row(1, 'Zulu', '2025-03-04', 'true', 1),
      row(1, 'alpha', '2025-03-04', 'test', big),
      row(1, 'alpha', '2025-03-05', '$polled', 4),
    ]);
    expect(await s.flagUsage.listUsage(3, '2000-01-01')).toEqual([]);
    expect(await s.flagUsage.lastUsedDays(1)).toEqual(
      new Map([
        ['zeta', '2025-02-27'],
        ['alpha', '2025-03-05'],
        ['Zulu', '2025-03-04'],
      ]),
    );
    expect(await s.flagUsage.lastUsedDays(3)).toEqual(new Map());
  });

  it.skipIf(!engine.relational)('goes with the environment it counts', async () => {
    const p = await s.projects.insertProject(
      { name: 'A', apiToken: 'phc_a', timezone: 'UTC', createdAt: at('2025-01-01T00:00:00Z') },
      'production',
    );
    const staging = await s.projects.insertEnvironment({
      projectId: p.id,
      name: 'staging',
      apiToken: 'phc_s',
      production: false,
      createdAt: at('2025-01-01T00:00:00Z'),
    });
    await s.flagUsage.addUsage([
      row(p.id, 'a', '2025-03-01', 'true', 1),
      row(staging.id, 'a', '2025-03-01', 'true', 2),
    ]);
    await s.projects.deleteEnvironment(staging.id);
    expect(await s.flagUsage.listUsage(staging.id, '2000-01-01')).toEqual([]);
    expect(await s.flagUsage.listUsage(p.id, '2000-01-01')).toHaveLength(1);
    await s.projects.deleteProject(p.id);
    expect(await s.flagUsage.listUsage(p.id, '2000-01-01')).toEqual([]);
  });
});
