import type { ActivityEntry } from '../activity-log/activity-entry.ts';
import type { ActivityLogStore } from '../activity-log/activity-log-store.ts';
import { FakeActivityLogStore } from '../activity-log/fake-activity-log-store.ts';
import type { FeatureFlag } from './feature-flag.ts';
import type { FlagStore, HashKeyOverride } from './flag-store.ts';

export class FakeFlagStore implements FlagStore {
  private readonly flags = new Map<number, FeatureFlag>();
  private readonly overrides: HashKeyOverride[] = [];

  /** Entries go to the same log the rest of the fake storage reads, as the DuckDB adapter's do. */
  constructor(private readonly activity: ActivityLogStore = new FakeActivityLogStore()) {}

  async listFlags(): Promise<FeatureFlag[]> {
    return [...this.flags.values()].map((f) => structuredClone(f));
  }

  async saveFlag(flag: FeatureFlag, entry: ActivityEntry): Promise<void> {
    this.flags.set(flag.id, structuredClone(flag));
    await this.activity.append(entry);
  }

  async listHashKeyOverrides(): Promise<HashKeyOverride[]> {
    return [...this.overrides];
  }

  async insertHashKeyOverride(override: HashKeyOverride): Promise<void> {
    this.overrides.push(override);
  }
}
