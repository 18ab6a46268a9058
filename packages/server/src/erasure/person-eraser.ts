import type { EarlyEventDeletion, ErasureCounts, ErasurePlan } from './erasure.ts';

/**
 * Removes (or anonymises) one person's rows in one engine: events and identities. Called by the ingestion
 * writer's exclusive section, so no group commit runs meanwhile on this node.
 */
export interface PersonEraser {
  /** `early`: what `deleteEventsAside` already removed for this person (its count is included in the answer). */
  erase(plan: ErasurePlan, early?: EarlyEventDeletion): Promise<ErasureCounts>;
  /**
   * Where an engine can delete events beside its single writer: the person's events, before the exclusive
   * section, so ingestion is not held for the scan. Undefined when it could not (the exclusive part does it all).
   */
  deleteEventsAside?(plan: ErasurePlan): Promise<Omit<EarlyEventDeletion, 'covers'> | undefined>;
}
