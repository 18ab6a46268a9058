import type { EarlyAccessFeature } from './early-access-feature.ts';

/** Features are few and small: the service keeps them in memory and writes each change through. */
export interface EarlyAccessStore {
  /**
   * The id for a new object, from a sequence every node shares (PostgreSQL); absent where one process is the only
   * writer, which then counts ids itself.
   */
  allocateId?(): Promise<number>;
  listEarlyAccessFeatures(): Promise<EarlyAccessFeature[]>;
  saveEarlyAccessFeature(feature: EarlyAccessFeature): Promise<void>;
}
