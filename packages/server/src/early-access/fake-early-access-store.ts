import type { EarlyAccessFeature } from './early-access-feature.ts';
import type { EarlyAccessStore } from './early-access-store.ts';

export class FakeEarlyAccessStore implements EarlyAccessStore {
  private readonly features = new Map<number, EarlyAccessFeature>();

  async listEarlyAccessFeatures(): Promise<EarlyAccessFeature[]> {
    return [...this.features.values()].map((f) => structuredClone(f));
  }

  async saveEarlyAccessFeature(feature: EarlyAccessFeature): Promise<void> {
    this.features.set(feature.id, structuredClone(feature));
  }
}
