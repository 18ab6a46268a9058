import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DataSettings, DEFAULT_DATA_SETTINGS } from '../../data-settings/data-settings.ts';
import type { StateStorage } from '../postgres/postgres-storage.ts';
import { at, stateEngines } from './state-engines.test-kit.ts';

const strict: DataSettings = {
  ipHandling: 'truncate',
  personalPropertyKeys: ['email', 'Téléphone', 'a"quote', ''],
  eventRetentionDays: 90,
  rollupsEnabled: true,
  staleDays: 14,
};

describe.each(stateEngines())('DataSettingsStore on $name', (engine) => {
  let s: StateStorage;
  beforeEach(async () => {
    s = await engine.open();
  });
  afterEach(() => s.close());

  it('has no row for a project left at the defaults, and reads back what was put, keys in order', async () => {
    expect(await s.dataSettings.listDataSettings()).toEqual(new Map());
    await s.dataSettings.putDataSettings(7, strict);
    await s.dataSettings.putDataSettings(8, { ...DEFAULT_DATA_SETTINGS, ipHandling: 'drop' });
    expect(await s.dataSettings.listDataSettings()).toEqual(
      new Map([
        [7, strict],
        [8, { ...DEFAULT_DATA_SETTINGS, ipHandling: 'drop' }],
      ]),
    );
  });

  it('replaces a project’s settings whole, back to unlimited retention and no personal keys', async () => {
    await s.dataSettings.putDataSettings(7, strict);
    const relaxed = { ...strict, personalPropertyKeys: [], eventRetentionDays: null, rollupsEnabled: false };
    await s.dataSettings.putDataSettings(7, relaxed);
    expect(await s.dataSettings.listDataSettings()).toEqual(new Map([[7, relaxed]]));
  });

  it('loses a deleted project’s settings with it', async () => {
    if (!engine.relational) return;
    const p = await s.projects.insertProject(
      { name: 'A', apiToken: 'phc_a', timezone: 'UTC', createdAt: at('2025-03-01T00:00:00Z') },
      'production',
    );
    await s.dataSettings.putDataSettings(p.id, strict);
    await s.dataSettings.putDataSettings(p.id + 100, strict);
    await s.projects.deleteProject(p.id);
    expect([...(await s.dataSettings.listDataSettings()).keys()]).toEqual([p.id + 100]);
  });
});
