import type { ActivityLogStore } from '../activity-log/activity-log-store.ts';
import { FakeActivityLogStore } from '../activity-log/fake-activity-log-store.ts';
import type { EnvironmentConfig, FeatureFlag } from './feature-flag.ts';
import type { FlagStore, FlagWrite, HashKeyOverride } from './flag-store.ts';

export class FakeFlagStore implements FlagStore {
  private readonly flags = new Map<number, FeatureFlag>();
  private readonly configs = new Map<string, EnvironmentConfig>();
  private readonly overrides: HashKeyOverride[] = [];

  /** Entries go to the same log the rest of the fake storage reads, as the DuckDB adapter's do. */
  constructor(private readonly activity: ActivityLogStore = new FakeActivityLogStore()) {}

  async listFlags(): Promise<FeatureFlag[]> {
    return [...this.flags.values()].map((f) => structuredClone(f));
  }

  async listEnvironmentConfigs(): Promise<EnvironmentConfig[]> {
    return [...this.configs.values()].map((c) => structuredClone(c));
  }

  async saveFlags(writes: FlagWrite[]): Promise<void> {
    for (const { flag, configs, entry } of writes) {
      this.flags.set(flag.id, structuredClone(flag));
      for (const c of configs) this.configs.set(`${c.flagId}:${c.environmentId}`, structuredClone(c));
      await this.activity.append(entry);
    }
  }

  async listHashKeyOverrides(): Promise<HashKeyOverride[]> {
    return [...this.overrides];
  }

  async insertHashKeyOverride(override: HashKeyOverride): Promise<void> {
    this.overrides.push(override);
  }
}
