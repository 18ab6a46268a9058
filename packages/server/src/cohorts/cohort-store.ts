import type { Cohort } from './cohort.ts';

export interface CohortStore {
  listCohorts(): Promise<Cohort[]>;
  saveCohort(cohort: Cohort): Promise<void>;
  listStaticMembers(): Promise<{ cohortId: number; distinctId: string }[]>;
  /** Replaces the member list of a static cohort in one transaction. */
  replaceStaticMembers(projectId: number, cohortId: number, distinctIds: string[]): Promise<void>;
}
