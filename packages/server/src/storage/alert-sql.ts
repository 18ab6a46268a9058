import type { Alert, AlertSpec, AlertState, DisableFlagAction } from '../alerts/alert.ts';
import type { Columns } from './webhook-sql.ts';

/**
 * The alert store's SQL, written once for DuckDB and PostgreSQL (both number parameters `$n`). What people edit
 * is one JSON document (`config`); what the scheduler reads and writes on every check has columns of its own.
 * Only the claim differs: PostgreSQL's nodes race for rows and skip the ones another node holds locked.
 */
export const ALERT_SQL = {
  insert:
    'INSERT INTO alerts (id, project_id, environment_id, kind, config, enabled, created_at, state, last_value, last_checked_at, last_message, next_check_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)',
  update: 'UPDATE alerts SET config = $2, enabled = $3, next_check_at = $4 WHERE id = $1',
  list: 'SELECT * FROM alerts WHERE project_id = $1 ORDER BY created_at, id',
  get: 'SELECT * FROM alerts WHERE id = $1',
  delete: 'DELETE FROM alerts WHERE id = $1',
  claim: (skipLocked: boolean) =>
    `UPDATE alerts SET next_check_at = $2 WHERE id IN (
       SELECT id FROM alerts WHERE enabled AND next_check_at <= $1
       ORDER BY next_check_at, id LIMIT $3${skipLocked ? ' FOR UPDATE SKIP LOCKED' : ''})
     RETURNING *`,
  recordCheck:
    'UPDATE alerts SET state = $2, last_value = $3, last_message = $4, last_checked_at = $5, next_check_at = $6 WHERE id = $1',
} as const;

interface AlertConfig {
  name: string;
  spec: AlertSpec;
  action: DisableFlagAction | null;
  checkIntervalMinutes: number;
  createdBy: string;
}

export const configOf = (a: Alert): string =>
  JSON.stringify({
    name: a.name,
    spec: a.spec,
    action: a.action,
    checkIntervalMinutes: a.checkIntervalMinutes,
    createdBy: a.createdBy,
  } satisfies AlertConfig);

/** The insert's parameters, before each adapter turns dates into its driver's values. */
export const insertParams = (a: Alert) =>
  [
    a.id,
    a.projectId,
    a.environmentId,
    a.spec.kind,
    configOf(a),
    a.enabled,
    a.createdAt,
    a.state,
    a.lastValue,
    a.lastCheckedAt,
    a.lastMessage,
    a.nextCheckAt,
  ] as const;

export function alertOf(r: Columns): Alert {
  const config = JSON.parse(r.str('config')) as AlertConfig;
  return {
    id: r.str('id'),
    projectId: r.num('project_id'),
    environmentId: r.num('environment_id'),
    name: config.name,
    enabled: r.bool('enabled'),
    spec: config.spec,
    action: config.action,
    checkIntervalMinutes: config.checkIntervalMinutes,
    createdAt: r.date('created_at'),
    createdBy: config.createdBy,
    state: r.str('state') as AlertState,
    lastValue: r.optionalNum('last_value'),
    lastCheckedAt: r.optionalDate('last_checked_at'),
    lastMessage: r.optionalStr('last_message'),
    nextCheckAt: r.date('next_check_at'),
  };
}

export const byDue = (a: Alert, b: Alert) =>
  a.nextCheckAt.getTime() - b.nextCheckAt.getTime() || (a.id < b.id ? -1 : 1);
