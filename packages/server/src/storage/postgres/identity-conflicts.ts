import type { IdentityConflictError } from '../../ingestion/identity-conflict.ts';
import { distinctKey } from '../../ingestion/ingestion-state.ts';
import type { Executor } from './postgres-database.ts';
import { num, str } from './row-values.ts';

type Stale = IdentityConflictError['stale'];

export const conflictOf = (): Stale => ({
  distinctIds: [],
  personIds: [],
  groups: [],
  groupTypeProjects: [],
});

/** 40P01 deadlock_detected, 40001 serialization_failure: the transaction lost a race and was rolled back. */
export function isDeadlock(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && (code === '40P01' || code === '40001');
}

/**
 * Adds, in place, every distinct id now owned by a stale person or by the person a stale distinct id now points
 * at (and those persons). The conflicting writer cached none of them as they are now: another node may have
 * merged more ids into the person, and the redo must read the person whole, not only the ids it asked about.
 * Read inside the failed commit's transaction, which still works (no statement failed) and sees the latest rows.
 */
export async function readOwnedDistinctIds(tx: Executor, stale: Stale): Promise<void> {
  const rows = await tx.run(
    `SELECT project_id, distinct_id, person_id::text AS person_id FROM person_distinct_ids
     WHERE person_id IN (
       SELECT unnest($1::uuid[])
       UNION
       SELECT d.person_id FROM person_distinct_ids d
       JOIN unnest($2::integer[], $3::text[]) AS s(project_id, distinct_id)
         ON d.project_id = s.project_id AND d.distinct_id = s.distinct_id)`,
    [
      stale.personIds,
      stale.distinctIds.map((d) => String(d.projectId)),
      stale.distinctIds.map((d) => d.distinctId),
    ],
  );
  const seen = new Set(stale.distinctIds.map((d) => distinctKey(d.projectId, d.distinctId)));
  const persons = new Set(stale.personIds);
  for (const r of rows) {
    const projectId = num(r, 'project_id');
    const distinctId = str(r, 'distinct_id');
    const key = distinctKey(projectId, distinctId);
    if (!seen.has(key)) {
      seen.add(key);
      stale.distinctIds.push({ projectId, distinctId });
    }
    const personId = str(r, 'person_id');
    if (!persons.has(personId)) {
      persons.add(personId);
      stale.personIds.push(personId);
    }
  }
}
