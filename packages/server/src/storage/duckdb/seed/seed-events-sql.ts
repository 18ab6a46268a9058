import { versionAt } from './seed-entities-sql.ts';
import { pick, type SeedPlan, sqlTimestamp, windowStart } from './seed-plan.ts';

const DAY_US = 86_400_000_000;
// Users work in office hours; the repeats weight the busy ones, so "timer.started by hour" has a shape.
const WORK_HOURS = ['7', '8', '8', '9', '9', '9', '10', '10', '10', '11', '11', '13', '13', '14', '14', '15'];
const HOURS = [...WORK_HOURS, '15', '16', '16', '17', '18', '20', '22'];

/** Wraps rows of (ts, event, did, pid, props, gv, gp) into the events table's column order. */
function insertEvents(p: SeedPlan, rows: string): string {
  const groups = [0, 1, 2, 3, 4].map((n) =>
    `group_${n}` === p.groupColumns.version ? 'gv' : `group_${n}` === p.groupColumns.platform ? 'gp' : "''",
  );
  return `INSERT INTO events SELECT ${p.projectId}, uuid(), event, did, pid, ts, ts, props, ${groups.join(', ')}
    FROM (${rows})`;
}

const installProps = (ver: string, extra = '') => `json_object('app_version', ${ver}, 'platform', platform,
  'deployment_method', deployment_method, 'python_version', python_version, 'environment', 'production'${extra},
  '$groups', json_object('version', ${ver}, 'platform', platform))`;

/**
 * One telemetry.install per installation that appears in the window, and one telemetry.update per upgrade
 * that happens in it (2.8→2.9→3.0, or 2.8→3.0 for installations that skipped a release).
 */
export function lifecycleSql(p: SeedPlan): string {
  const inWindow = (ts: string) =>
    `${ts} >= ${sqlTimestamp(windowStart(p))} AND ${ts} < ${sqlTimestamp(p.end)}`;
  const update = (ts: string, oldVersion: string, newVersion: string, when: string) => `
    SELECT ${ts} AS ts, 'telemetry.update' AS event, did, pid,
      ${installProps(`'${newVersion}'`, `, 'old_version', ${oldVersion}, 'new_version', '${newVersion}'`)} AS props,
      '${newVersion}' AS gv, platform AS gp
    FROM seed_installs WHERE ${ts} > installed_at AND ${inWindow(ts)} AND ${when}`;
  return insertEvents(
    p,
    `SELECT installed_at AS ts, 'telemetry.install' AS event, did, pid,
        ${installProps(versionAt('installed_at'))} AS props, ${versionAt('installed_at')} AS gv, platform AS gp
      FROM seed_installs WHERE ${inWindow('installed_at')}
      UNION ALL ${update('t29', "'2.8.0'", '2.9.0', 't29 < t30')}
      UNION ALL ${update('t30', "CASE WHEN t29 < t30 THEN '2.9.0' ELSE '2.8.0' END", '3.0.0', 'true')}`,
  );
}

/** Rows [lo, hi) of `total` everyday events, spread evenly over the window in row order. */
export function bulkSql(p: SeedPlan, lo: number, hi: number, total: number): string {
  const span = p.days * DAY_US;
  const fresh = p.installations - p.preexisting;
  const b = `SELECT i, (hash(i) % 1000)::INT AS k,
      make_timestamp(${windowStart(p).getTime() * 1000} + (i * ${span / total})::BIGINT) AS base,
      ((hash(i * 7 + 1) >> 1)::BIGINT % least(${p.installations}, ${p.preexisting} + 1 + i * ${fresh} // ${total}))::INT AS inst,
      (hash(i * 7 + 2) % ${p.users})::INT AS usr
    FROM range(${lo}, ${hi}) t(i)`;
  // Today's events whose office hour has not come yet move to the same hour yesterday (clamping them to now would
  // pile them into the current hour and give "timer.started by hour" a spike at whatever time the seed ran).
  const atHour = `date_trunc('day', base)
      + to_microseconds((((${pick(HOURS, 'i * 41')})::BIGINT * 3600 + (hash(i * 43) % 3600)::BIGINT) * 1000000))`;
  const userTs = `CASE WHEN ${atHour} >= ${sqlTimestamp(p.end)} THEN ${atHour} - INTERVAL 1 DAY ELSE ${atHour} END`;
  const pathname = pick(['/timer', '/projects', '/reports', '/settings', '/invoices'], 'i * 29');
  const set = `json_object('role', role, 'is_admin', role = 'admin', 'auth_method', auth_method,
      'last_login', strftime(ts, '%Y-%m-%dT%H:%M:%S'))`;
  const setOnce = `json_object('first_login', strftime(first_login, '%Y-%m-%dT%H:%M:%S'), 'signup_method', signup_method)`;
  const rows = `SELECT ts, event, did, pid, props, gv, gp FROM (
    SELECT *, CASE
        WHEN k < 350 THEN ${installProps('ver')}
        WHEN k < 365 THEN ${installProps(
          'ver',
          `, '$exception_type', ${pick(['ValueError', 'KeyError', 'OperationalError', 'TimeoutError'], 'i * 31')},
          '$exception_message', 'Unhandled error in ' || ${pick(['timer', 'sync', 'export', 'auth'], 'i * 37')}`,
        )}
        WHEN k < 465 THEN json_object('auth_method', auth_method, '$set', ${set}, '$set_once', ${setOnce})
        WHEN k < 665 THEN json_object('project_id', 'p-' || (usr % 300), 'source', ${pick(['web', 'web', 'api', 'mobile'], 'i * 47')})
        WHEN k < 845 THEN json_object('project_id', 'p-' || (usr % 300), 'duration_seconds', (60 + hash(i * 53) % 7200)::INT)
        WHEN k < 875 THEN json_object('project_name', 'Project ' || (hash(i * 59) % 10000), 'billable', hash(i * 61) % 2 = 0)
        WHEN k < 905 THEN json_object('rows', (1 + hash(i * 67) % 5000)::INT, 'report', ${pick(['timesheet', 'projects', 'invoices'], 'i * 71')})
        ELSE json_object('$pathname', ${pathname}, '$current_url', 'https://timetracker.example' || ${pathname})
      END AS props
    FROM (
      SELECT i, k, usr, first_login, signup_method, role, auth_method, platform, deployment_method, python_version,
        CASE WHEN k < 365 THEN base ELSE ${userTs} END AS ts,
        ${versionAt('base')} AS ver,
        CASE WHEN k < 350 THEN 'telemetry.health' WHEN k < 365 THEN '$exception' WHEN k < 465 THEN 'auth.login'
          WHEN k < 665 THEN 'timer.started' WHEN k < 845 THEN 'timer.stopped' WHEN k < 875 THEN 'project.created'
          WHEN k < 905 THEN 'export.csv' ELSE '$pageview' END AS event,
        CASE WHEN k < 365 THEN s.did ELSE u.did END AS did,
        CASE WHEN k < 365 THEN s.pid ELSE u.pid END AS pid,
        CASE WHEN k < 365 THEN ver ELSE '' END AS gv,
        CASE WHEN k < 365 THEN platform ELSE '' END AS gp
      FROM (${b}) b JOIN (SELECT * EXCLUDE (i), i AS inst_i FROM seed_installs) s ON s.inst_i = b.inst JOIN seed_users u ON u.u = b.usr))`;
  return insertEvents(p, rows);
}
