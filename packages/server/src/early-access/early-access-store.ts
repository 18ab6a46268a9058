import type { EarlyAccessFeature } from './early-access-feature.ts';

/** Features are few and small: the service keeps them in memory and writes each change through. */
export interface EarlyAccessStore {
  listEarlyAccessFeatures(): Promise<EarlyAccessFeature[]>;
  saveEarlyAccessFeature(feature: EarlyAccessFeature): Promise<void>;
}
