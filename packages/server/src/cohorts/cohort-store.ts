import type { Cohort } from './cohort.ts';
import type { ComputedMembership } from './computed-membership.ts';

export interface CohortStore {
  /**
   * The id for a new object, from a sequence every node shares (PostgreSQL); absent where one process is the only
   * writer, which then counts ids itself.
   */
  allocateId?(): Promise<number>;
  listCohorts(): Promise<Cohort[]>;
  /**
   * Saves a cohort and, when `staticMembers` is given, replaces its member list in the same transaction: a
   * request answered with an error must leave neither half behind.
   */
  saveCohort(cohort: Cohort, staticMembers?: string[]): Promise<void>;
  listStaticMembers(): Promise<{ cohortId: number; distinctId: string }[]>;
  /** Replaces the computed members of one cohort in one environment, with when they were computed. */
  saveComputedMembership(membership: ComputedMembership): Promise<void>;
  /** Every stored membership, each with its distinct ids sorted. */
  listComputedMemberships(): Promise<ComputedMembership[]>;
}
