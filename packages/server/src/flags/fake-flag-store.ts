import type { FeatureFlag, FlagActivity } from './feature-flag.ts';
import type { FlagStore, HashKeyOverride } from './flag-store.ts';

export class FakeFlagStore implements FlagStore {
  private readonly flags = new Map<number, FeatureFlag>();
  private readonly activity: FlagActivity[] = [];
  private readonly overrides: HashKeyOverride[] = [];

  async listFlags(): Promise<FeatureFlag[]> {
    return [...this.flags.values()].map((f) => structuredClone(f));
  }

  async saveFlag(flag: FeatureFlag, activity: FlagActivity): Promise<void> {
    this.flags.set(flag.id, structuredClone(flag));
    this.activity.push(structuredClone(activity));
  }

  async listActivity(projectId: number, flagId: number): Promise<FlagActivity[]> {
    return this.activity.filter((a) => a.projectId === projectId && a.flagId === flagId).reverse();
  }

  async listHashKeyOverrides(): Promise<HashKeyOverride[]> {
    return [...this.overrides];
  }

  async insertHashKeyOverride(override: HashKeyOverride): Promise<void> {
    this.overrides.push(override);
  }
}
