import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type { Cohort } from '../../cohorts/cohort.ts';
import type { CohortStore } from '../../cohorts/cohort-store.ts';
import type { ComputedMembership } from '../../cohorts/computed-membership.ts';
import { groupMemberships } from '../../cohorts/group-memberships.ts';
import type { DuckDbDatabase } from './duckdb-database.ts';
import { fromDocument, toDocument } from './json-documents.ts';
import { date, num, str, timestampValue } from './row-values.ts';

async function replaceMembers(c: DuckDBConnection, cohort: Cohort, distinctIds: string[]): Promise<void> {
  await c.run('DELETE FROM cohort_static_members WHERE cohort_id = $1', [cohort.id]);
  if (distinctIds.length === 0) return;
  const appender: DuckDBAppender = await c.createAppender('cohort_static_members');
  try {
    for (const id of distinctIds) {
      appender.appendInteger(cohort.projectId);
      appender.appendInteger(cohort.id);
      appender.appendVarchar(id);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

export class DuckDbCohortStore implements CohortStore {
  constructor(private readonly db: DuckDbDatabase) {}

  async listCohorts(): Promise<Cohort[]> {
    const rows = await this.db.query('SELECT data FROM cohorts ORDER BY id');
    return rows.map((r) => fromDocument<Cohort>(r.data, ['createdAt', 'updatedAt']));
  }

  saveCohort(cohort: Cohort, staticMembers?: string[]): Promise<void> {
    return this.db.transaction(async (c) => {
      await c.run(
        `INSERT INTO cohorts VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET data = excluded.data, version = excluded.version,
           deleted = excluded.deleted, updated_at = excluded.updated_at`,
        [
          cohort.id,
          cohort.projectId,
          toDocument(cohort),
          cohort.version,
          cohort.deleted,
          timestampValue(cohort.updatedAt),
        ],
      );
      if (staticMembers) await replaceMembers(c, cohort, staticMembers);
    });
  }

  async listStaticMembers(): Promise<{ cohortId: number; distinctId: string }[]> {
    const rows = await this.db.query('SELECT cohort_id, distinct_id FROM cohort_static_members');
    return rows.map((r) => ({ cohortId: num(r, 'cohort_id'), distinctId: str(r, 'distinct_id') }));
  }

  saveComputedMembership(m: ComputedMembership): Promise<void> {
    return this.db.transaction(async (c) => {
      const pair = [m.cohortId, m.environmentId];
      await c.run('DELETE FROM cohort_computed_members WHERE cohort_id = $1 AND project_id = $2', pair);
      await c.run('DELETE FROM cohort_computations WHERE cohort_id = $1 AND project_id = $2', pair);
      await c.run('INSERT INTO cohort_computations VALUES ($1, $2, $3)', [
        m.environmentId,
        m.cohortId,
        timestampValue(m.computedAt),
      ]);
      if (m.distinctIds.length === 0) return;
      const appender: DuckDBAppender = await c.createAppender('cohort_computed_members');
      try {
        for (const id of m.distinctIds) {
          appender.appendInteger(m.environmentId);
          appender.appendInteger(m.cohortId);
          appender.appendVarchar(id);
          appender.endRow();
        }
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
    });
  }

  async listComputedMemberships(): Promise<ComputedMembership[]> {
    const runs = await this.db.query('SELECT project_id, cohort_id, computed_at FROM cohort_computations');
    const members = await this.db.query(
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
