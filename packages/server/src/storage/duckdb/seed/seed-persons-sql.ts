import { PLATFORMS, VERSIONS, versionAt } from './seed-entities-sql.ts';
import { type SeedPlan, sqlTimestamp } from './seed-plan.ts';

/**
 * One person per user and installation with the guide's $set and $set_once properties, their distinct ids,
 * and the version and platform groups. Rows that a previous seed already wrote are left alone.
 */
export function personSql(p: SeedPlan): string[] {
  const end = sqlTimestamp(p.end);
  const people = `
    SELECT pid, installed_at AS created_at, json_object(
      'current_version', ${versionAt(end)}, 'current_platform', platform, 'environment', 'production',
      'deployment_method', deployment_method, 'auth_method', CASE WHEN i % 3 = 0 THEN 'oidc' ELSE 'local' END,
      'timezone', timezone, 'last_seen', strftime(${end}, '%Y-%m-%d %H:%M:%S'),
      'first_seen_platform', platform, 'first_seen_python_version', python_version,
      'first_seen_version', ${versionAt('installed_at')}) AS props, did
    FROM seed_installs
    UNION ALL
    SELECT pid, first_login, json_object('role', role, 'is_admin', role = 'admin', 'auth_method', auth_method,
      'email', 'user' || u || '@timetracker.example', 'last_login', strftime(${end}, '%Y-%m-%dT%H:%M:%S'),
      'first_login', strftime(first_login, '%Y-%m-%dT%H:%M:%S'), 'signup_method', signup_method), did
    FROM seed_users`;
  const groups = (index: string, type: 'version' | 'platform', keys: readonly string[]) =>
    keys.map((k) => {
      const props =
        type === 'version'
          ? `json_object('version_number', '${k}', 'python_versions', ['3.12.0', '3.11.5'])`
          : `json_object('platform_name', '${k}', 'platform_release', ${k === 'Windows' ? "'10.0.22631'" : "'5.15.0'"})`;
      return `INSERT INTO groups SELECT ${p.projectId}, ${index}, '${k}', ${props}, ${sqlTimestamp(p.end)}, 1
        WHERE NOT EXISTS (SELECT 1 FROM groups WHERE project_id = ${p.projectId}
          AND group_type_index = ${index} AND group_key = '${k}')`;
    });
  const index = (column: string) => column.replace('group_', '');
  return [
    `INSERT INTO persons SELECT ${p.projectId}, pid, created_at, props, true, false, 1 FROM (${people})
      WHERE pid NOT IN (SELECT id FROM persons WHERE project_id = ${p.projectId})`,
    `INSERT INTO person_distinct_ids SELECT ${p.projectId}, did, pid, 1 FROM (${people})
      WHERE did NOT IN (SELECT distinct_id FROM person_distinct_ids WHERE project_id = ${p.projectId})`,
    ...groups(index(p.groupColumns.version), 'version', VERSIONS),
    ...groups(index(p.groupColumns.platform), 'platform', [...new Set(PLATFORMS)]),
  ];
}
