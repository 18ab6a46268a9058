import type { Cohort } from '../../cohorts/cohort.ts';
import type { CohortStore } from '../../cohorts/cohort-store.ts';
import type { ComputedMembership } from '../../cohorts/computed-membership.ts';
import { groupMemberships } from '../../cohorts/group-memberships.ts';
import { allocateId, listDocuments, upsertDocument } from './document-tables.ts';
import type { PostgresDatabase } from './postgres-database.ts';
import { date, num, str } from './row-values.ts';

export class PostgresCohortStore implements CohortStore {
  constructor(private readonly db: PostgresDatabase) {}

  allocateId(): Promise<number> {
    return allocateId(this.db, 'cohorts');
  }

  listCohorts(): Promise<Cohort[]> {
    return listDocuments(this.db, 'cohorts', ['createdAt', 'updatedAt']);
  }

  saveCohort(cohort: Cohort, staticMembers?: string[]): Promise<void> {
    return this.db.transaction(async (tx) => {
      const { id, projectId, version, deleted, updatedAt } = cohort;
      await upsertDocument(tx, 'cohorts', { id, projectId, version, deleted, updatedAt }, cohort);
      if (!staticMembers) return;
      await tx.run('DELETE FROM cohort_static_members WHERE cohort_id = $1', [id]);
      // One statement whatever the list's length: the ids travel as one array parameter, unnested server-side.
      if (staticMembers.length > 0)
        await tx.run('INSERT INTO cohort_static_members SELECT $1, $2, d FROM unnest($3::text[]) AS d', [
          projectId,
          id,
          staticMembers,
        ]);
    });
  }

  async listStaticMembers(): Promise<{ cohortId: number; distinctId: string }[]> {
    const rows = await this.db.run('SELECT cohort_id, distinct_id FROM cohort_static_members');
    return rows.map((r) => ({ cohortId: num(r, 'cohort_id'), distinctId: str(r, 'distinct_id') }));
  }

  saveComputedMembership(m: ComputedMembership): Promise<void> {
    return this.db.transaction(async (tx) => {
      const pair = [m.cohortId, m.environmentId];
      await tx.run('DELETE FROM cohort_computed_members WHERE cohort_id = $1 AND project_id = $2', pair);
      await tx.run(
        `INSERT INTO cohort_computations VALUES ($1, $2, $3)
         ON CONFLICT (cohort_id, project_id) DO UPDATE SET computed_at = excluded.computed_at`,
        [m.environmentId, m.cohortId, m.computedAt],
      );
      if (m.distinctIds.length > 0)
        await tx.run('INSERT INTO cohort_computed_members SELECT $1, $2, d FROM unnest($3::text[]) AS d', [
          m.environmentId,
          m.cohortId,
          m.distinctIds,
        ]);
    });
  }

  async listComputedMemberships(): Promise<ComputedMembership[]> {
    const runs = await this.db.run('SELECT project_id, cohort_id, computed_at FROM cohort_computations');
    const members = await this.db.run(
      'SELECT project_id, cohort_id, distinct_id FROM cohort_computed_members',
    );
    return groupMemberships(
      runs.map((r) => ({
        cohortId: num(r, 'cohort_id'),
        environmentId: num(r, 'project_id'),
        computedAt: date(r, 'computed_at'),
      })),
      members.map((r) => ({
        cohortId: num(r, 'cohort_id'),
        environmentId: num(r, 'project_id'),
        distinctId: str(r, 'distinct_id'),
      })),
    );
  }
}
