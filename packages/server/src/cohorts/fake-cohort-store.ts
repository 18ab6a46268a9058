import type { Cohort } from './cohort.ts';
import type { CohortStore } from './cohort-store.ts';
import type { ComputedMembership } from './computed-membership.ts';

export class FakeCohortStore implements CohortStore {
  private readonly cohorts = new Map<number, Cohort>();
  private readonly members = new Map<number, string[]>();
  private readonly computed = new Map<string, ComputedMembership>();

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

  async saveComputedMembership(m: ComputedMembership): Promise<void> {
    this.computed.set(`${m.cohortId}:${m.environmentId}`, { ...m, distinctIds: [...m.distinctIds].sort() });
  }

  async listComputedMemberships(): Promise<ComputedMembership[]> {
    return [...this.computed.values()].map((m) => ({ ...m, distinctIds: [...m.distinctIds] }));
  }
}
