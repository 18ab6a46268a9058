import type { ErasureCounts, ErasurePlan } from './erasure.ts';

/**
 * Removes (or anonymises) one person's rows in one engine: events and identities. Called by the ingestion
 * writer's exclusive section, so no group commit runs meanwhile on this node.
 */
export interface PersonEraser {
  erase(plan: ErasurePlan): Promise<ErasureCounts>;
}
