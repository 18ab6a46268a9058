import type { Cohort } from './cohort.ts';
import type { CohortStore } from './cohort-store.ts';

export class FakeCohortStore implements CohortStore {
  private readonly cohorts = new Map<number, Cohort>();
  private readonly members = new Map<number, string[]>();

  async listCohorts(): Promise<Cohort[]> {
    return [...this.cohorts.values()].map((c) => structuredClone(c));
  }

  async saveCohort(cohort: Cohort, staticMembers?: string[]): Promise<void> {
    this.cohorts.set(cohort.id, structuredClone(cohort));
    if (staticMembers) this.members.set(cohort.id, [...staticMembers]);
  }

  async listStaticMembers(): Promise<{ cohortId: number; distinctId: string }[]> {
    return [...this.members.entries()].flatMap(([cohortId, ids]) =>
      ids.map((distinctId) => ({ cohortId, distinctId })),
    );
  }
}
