import type { ScheduledChange } from '../schedules/scheduled-change.ts';
import { scheduledPayloadSchema } from '../schedules/scheduled-change-schemas.ts';
import type { ScheduledChangeQuery } from '../schedules/scheduled-change-store.ts';
import type { Columns } from './webhook-sql.ts';

const PENDING = 'executed_at IS NULL AND cancelled_at IS NULL';
const DUE = `${PENDING} AND paused_at IS NULL`;
const DUE_ORDER = 'scheduled_at, coalesce(step, 0), id';

/**
 * The scheduled-change store's SQL, written once for DuckDB and PostgreSQL (both number parameters `$n`). Only
 * the claim differs: PostgreSQL's nodes race for rows and skip the ones another node's claim holds; the
 * `executed_at IS NULL` re-check keeps a row claimed by a committed rival from being claimed again.
 */
export const SCHEDULED_CHANGE_SQL = {
  insert:
    'INSERT INTO scheduled_changes (id, project_id, environment_id, record_id, model_name, payload, scheduled_at, plan_id, step, created_at, created_by, guardrails) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)',
  list: (q: ScheduledChangeQuery) => {
    const where = ['project_id = $1'];
    const params: number[] = [q.projectId];
    if (q.recordId !== undefined) params.push(q.recordId) && where.push(`record_id = $${params.length}`);
    if (q.environmentId !== undefined)
      params.push(q.environmentId) && where.push(`environment_id = $${params.length}`);
    return {
      sql: `SELECT * FROM scheduled_changes WHERE ${where.join(' AND ')} ORDER BY ${DUE_ORDER}`,
      params,
    };
  },
  get: 'SELECT * FROM scheduled_changes WHERE id = $1',
  // PostgreSQL may run an `IN (… LIMIT n)` subquery more than once in one UPDATE (and so take more than n rows):
  // its claim picks the rows once, in a materialized CTE that locks them.
  claim: (skipLocked: boolean) =>
    skipLocked
      ? `WITH due AS MATERIALIZED (
           SELECT id FROM scheduled_changes WHERE ${DUE} AND scheduled_at <= $1
           ORDER BY ${DUE_ORDER} LIMIT $2 FOR UPDATE SKIP LOCKED)
         UPDATE scheduled_changes SET executed_at = $1 FROM due
         WHERE scheduled_changes.id = due.id AND ${DUE} RETURNING scheduled_changes.*`
      : `UPDATE scheduled_changes SET executed_at = $1 WHERE id IN (
           SELECT id FROM scheduled_changes WHERE ${DUE} AND scheduled_at <= $1
           ORDER BY ${DUE_ORDER} LIMIT $2)
         AND ${DUE} RETURNING *`,
  recordFailure: 'UPDATE scheduled_changes SET failure_reason = $2 WHERE id = $1 RETURNING plan_id',
  stopPlan: `UPDATE scheduled_changes SET cancelled_at = $2, failure_reason = $3 WHERE plan_id = $1 AND ${PENDING}`,
  cancel: `UPDATE scheduled_changes SET cancelled_at = $2 WHERE id = $1 AND ${PENDING} RETURNING id`,
  cancelPlan: `UPDATE scheduled_changes SET cancelled_at = $2 WHERE plan_id = $1 AND ${PENDING} RETURNING id`,
  nextDue: `SELECT min(scheduled_at) AS due FROM scheduled_changes WHERE ${DUE}`,
  // Steps from `fromStep` on that were not applied: claimed in this pass (executed_at set) or still pending.
  pausePlan: `UPDATE scheduled_changes SET executed_at = NULL, paused_at = $3, pause_reason = $4
    WHERE plan_id = $1 AND coalesce(step, 0) >= $2 AND cancelled_at IS NULL AND failure_reason IS NULL
    RETURNING id`,
  pausedSteps: `SELECT id FROM scheduled_changes WHERE plan_id = $1 AND ${PENDING} AND paused_at IS NOT NULL
    ORDER BY ${DUE_ORDER}`,
  unpause: `UPDATE scheduled_changes SET paused_at = NULL, pause_reason = NULL,
    guardrails_waived_by = CASE WHEN id = $2 THEN $3 ELSE guardrails_waived_by END
    WHERE plan_id = $1 AND ${PENDING} AND paused_at IS NOT NULL`,
} as const;

export function scheduledChangeOf(r: Columns): ScheduledChange {
  return {
    id: r.str('id'),
    projectId: r.num('project_id'),
    environmentId: r.num('environment_id'),
    recordId: r.num('record_id'),
    // Written by this code from a validated payload; parsing again keeps a hand-edited row from passing as one.
    payload: scheduledPayloadSchema.parse(JSON.parse(r.str('payload'))),
    scheduledAt: r.date('scheduled_at'),
    executedAt: r.optionalDate('executed_at'),
    failureReason: r.optionalStr('failure_reason'),
    cancelledAt: r.optionalDate('cancelled_at'),
    planId: r.optionalStr('plan_id'),
    step: r.optionalNum('step'),
    guardrailIds: guardrailIdsOf(r.optionalStr('guardrails')),
    pausedAt: r.optionalDate('paused_at'),
    pauseReason: r.optionalStr('pause_reason'),
    guardrailsWaivedBy: r.optionalStr('guardrails_waived_by'),
    createdAt: r.date('created_at'),
    createdBy: r.str('created_by'),
  };
}

/** Rows from before guardrails (and steps without any) hold NULL. */
function guardrailIdsOf(json: string | null): string[] {
  if (json === null) return [];
  const ids: unknown = JSON.parse(json);
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

/** Insert parameters, with the adapter's own timestamp value type. */
export function insertParams<T>(c: ScheduledChange, time: (d: Date) => T): (string | number | null | T)[] {
  return [
    c.id,
    c.projectId,
    c.environmentId,
    c.recordId,
    'FeatureFlag',
    JSON.stringify(c.payload),
    time(c.scheduledAt),
    c.planId,
    c.step,
    time(c.createdAt),
    c.createdBy,
    c.guardrailIds.length > 0 ? JSON.stringify(c.guardrailIds) : null,
  ];
}
