import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../activity-log/activity-entry.ts';
import type { EnvironmentConfig, FeatureFlag } from '../../flags/feature-flag.ts';
import type { FlagWrite } from '../../flags/flag-store.ts';
import type { StateStorage } from '../postgres/postgres-storage.ts';
import { at, stateEngines } from './state-engines.test-kit.ts';

const flag = (id: number, over: Partial<FeatureFlag> = {}): FeatureFlag => ({
  id,
  projectId: 1,
  key: `flag-${id}`,
  name: 'Checkout — ünïcode "quoted" \u0000 nul',
  filters: {
    groups: [
      {
        properties: [{ key: 'plan', value: ['pro'], operator: 'exact', type: 'person' }],
        rollout_percentage: 50,
      },
    ],
    multivariate: { variants: [{ key: 'a', rollout_percentage: 100 }] },
    payloads: { a: '{"x":1.5}' },
  },
  active: true,
  deleted: false,
  version: 1,
  ensureExperienceContinuity: false,
  evaluationRuntime: 'all',
  bucketingIdentifier: 'distinct_id',
  evaluationContexts: [],
  isRemoteConfiguration: false,
  tags: ['web'],
  createdAt: at('2025-01-01T00:00:00.123Z'),
  updatedAt: at('2025-01-02T00:00:00.456Z'),
  createdBy: 'ana@example.com',
  ...over,
});
const config = (flagId: number, environmentId: number, active: boolean): EnvironmentConfig => ({
  flagId,
  environmentId,
  active,
  filters: { groups: [{ properties: [], rollout_percentage: active ? 100 : 0 }] },
  updatedAt: at('2025-01-03T00:00:00Z'),
});
const entry = (id: string, itemId: number): ActivityEntry => ({
  id,
  projectId: 1,
  scope: 'FeatureFlag',
  itemId: String(itemId),
  activity: 'created',
  actor: { kind: 'system', id: null, name: 'test' },
  at: at('2025-01-02T00:00:00Z'),
  name: `flag-${itemId}`,
  changes: [],
  reason: null,
  revertOf: null,
  environmentId: null,
});
const write = (f: FeatureFlag, configs: EnvironmentConfig[], entryId: string): FlagWrite => ({
  flag: f,
  configs,
  entry: entry(entryId, f.id),
});

describe.each(stateEngines())('FlagStore on $name', (engine) => {
  let s: StateStorage;
  beforeEach(async () => {
    s = await engine.open();
  });
  afterEach(() => s.close());

  it('saves flags, their environment settings and their activity entries together, and reads them back', async () => {
    await s.flags.saveFlags([
      write(flag(1), [], 'e1'),
      write(flag(2), [config(2, 1, true), config(2, 5, false)], 'e2'),
    ]);
    expect(await s.flags.listFlags()).toEqual([flag(1), flag(2)]);
    expect(await s.flags.listEnvironmentConfigs()).toEqual([config(2, 1, true), config(2, 5, false)]);
    expect((await s.activity.list({ projectId: 1, limit: 10 })).map((e) => e.id).sort()).toEqual([
      'e1',
      'e2',
    ]);
  });

  it('replaces a flag and one environment setting in place', async () => {
    await s.flags.saveFlags([write(flag(1), [config(1, 1, true), config(1, 5, true)], 'e1')]);
    const changed = flag(1, { key: 'renamed', version: 2, deleted: true, active: false, tags: [] });
    await s.flags.saveFlags([write(changed, [config(1, 5, false)], 'e2')]);
    expect(await s.flags.listFlags()).toEqual([changed]);
    expect(await s.flags.listEnvironmentConfigs()).toEqual([config(1, 1, true), config(1, 5, false)]);
  });

  it.skipIf(!engine.relational)(
    'writes nothing of a batch when one entry of it cannot be stored',
    async () => {
      await s.flags.saveFlags([write(flag(1), [], 'e1')]);
      // The second write reuses an activity id: the whole batch, flag 2 and the settings included, is rolled back.
      await expect(
        s.flags.saveFlags([write(flag(2), [config(2, 1, true)], 'e2'), write(flag(3), [], 'e1')]),
      ).rejects.toThrow();
      expect((await s.flags.listFlags()).map((f) => f.id)).toEqual([1]);
      expect(await s.flags.listEnvironmentConfigs()).toEqual([]);
      expect((await s.activity.list({ projectId: 1, limit: 10 })).map((e) => e.id)).toEqual(['e1']);
    },
  );

  it('keeps hash key overrides', async () => {
    const override = {
      projectId: 1,
      personId: '0190c3a4-0000-7000-8000-000000000001',
      flagKey: 'f',
      hashKey: 'anon-1',
    };
    await s.flags.insertHashKeyOverride(override);
    expect(await s.flags.listHashKeyOverrides()).toEqual([override]);
  });

  it.skipIf(!engine.relational)(
    'goes with its project, and its settings with their environment',
    async () => {
      const p = await s.projects.insertProject(
        { name: 'A', apiToken: 'phc_a', timezone: 'UTC', createdAt: at('2025-01-01T00:00:00Z') },
        'production',
      );
      const staging = await s.projects.insertEnvironment({
        projectId: p.id,
        name: 's',
        apiToken: 'phc_s',
        production: false,
        createdAt: at('2025-01-01T00:00:00Z'),
      });
      await s.flags.saveFlags([
        write(flag(1, { projectId: p.id }), [config(1, p.id, true), config(1, staging.id, false)], 'e1'),
      ]);
      await s.projects.deleteEnvironment(staging.id);
      expect(await s.flags.listEnvironmentConfigs()).toEqual([config(1, p.id, true)]);
      await s.projects.deleteProject(p.id);
      expect(await s.flags.listFlags()).toEqual([]);
      expect(await s.flags.listEnvironmentConfigs()).toEqual([]);
    },
  );
});
