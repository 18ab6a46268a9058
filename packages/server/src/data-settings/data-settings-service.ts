import type { ActivityChange } from '../activity-log/activity-entry.ts';
import { AppError } from '../errors/app-error.ts';
import { type DataSettings, DEFAULT_DATA_SETTINGS, type IpHandling } from './data-settings.ts';
import type { DataSettingsStore } from './data-settings-store.ts';

/**
 * What the erasure developer's anonymise mode and the exports need: the property keys a project marks personal.
 * Takes a project id (not an environment id): the setting is the project's.
 */
export interface PersonalKeysPort {
  personalKeysOf(projectId: number): readonly string[];
}

export interface DataSettingsServiceDeps {
  store: DataSettingsStore;
  /** Environment id → project id (services read data by environment, settings belong to the project). */
  projectIdOf: (environmentId: number) => number;
}

/** A change made, for the activity log: the fields that differ, named as on the wire. */
export interface DataSettingsChange {
  before: DataSettings;
  after: DataSettings;
  changes: Omit<ActivityChange, 'type' | 'action'>[];
}

const WIRE_NAMES: Record<keyof DataSettings, string> = {
  ipHandling: 'ip_handling',
  personalPropertyKeys: 'personal_property_keys',
  eventRetentionDays: 'event_retention_days',
  rollupsEnabled: 'rollups_enabled',
  staleDays: 'stale_days',
};

/**
 * Every project's data settings, held in memory: ingestion asks for the ip handling of each request and must not
 * wait for storage. Loaded at start and reloaded when another node changes them (the `projects` topic).
 */
export class DataSettingsService implements PersonalKeysPort {
  private cache = new Map<number, DataSettings>();

  constructor(private readonly deps: DataSettingsServiceDeps) {}

  async start(): Promise<void> {
    await this.reload();
  }

  async reload(): Promise<void> {
    this.cache = await this.deps.store.listDataSettings();
  }

  of(projectId: number): Readonly<DataSettings> {
    return this.cache.get(projectId) ?? DEFAULT_DATA_SETTINGS;
  }

  /** The hot-path read: one Map lookup per capture request. */
  ipHandlingOf(environmentId: number): IpHandling {
    return this.of(this.deps.projectIdOf(environmentId)).ipHandling;
  }

  staleDaysOf(environmentId: number): number {
    return this.of(this.deps.projectIdOf(environmentId)).staleDays;
  }

  personalKeysOf(projectId: number): readonly string[] {
    return this.of(projectId).personalPropertyKeys;
  }

  /** Projects whose events expire, with the number of days they are kept. */
  retentionDays(): Map<number, number> {
    const days = new Map<number, number>();
    for (const [projectId, s] of this.cache)
      if (s.eventRetentionDays !== null) days.set(projectId, s.eventRetentionDays);
    return days;
  }

  async update(projectId: number, changes: Partial<DataSettings>): Promise<DataSettingsChange> {
    const retention = changes.eventRetentionDays;
    // Zero or negative days would delete everything, including what ingestion is storing right now.
    if (retention !== undefined && retention !== null && retention < 1)
      throw new AppError(
        'RETENTION_TOO_SHORT',
        'Events must be kept at least 1 day; send null to keep them forever.',
        'event_retention_days',
      );
    const before = this.of(projectId);
    const after: DataSettings = {
      ...before,
      ...changes,
      // De-duplicated in the order given: the list is shown back as it was typed.
      personalPropertyKeys: [...new Set(changes.personalPropertyKeys ?? before.personalPropertyKeys)],
    };
    const diff = (Object.keys(WIRE_NAMES) as (keyof DataSettings)[])
      .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
      .map((k) => ({ field: WIRE_NAMES[k], before: before[k], after: after[k] }));
    if (diff.length > 0) {
      await this.deps.store.putDataSettings(projectId, after);
      this.cache.set(projectId, after);
    }
    return { before, after, changes: diff };
  }
}
