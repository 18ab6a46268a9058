import { personIdSql } from '../person-id-sql.ts';
import { pick, type SeedPlan, sqlTimestamp, windowStart } from './seed-plan.ts';

const DAY_US = 86_400_000_000;
export const PLATFORMS = ['Linux', 'Linux', 'Linux', 'Windows', 'Windows', 'Darwin'] as const;
export const VERSIONS = ['2.8.0', '2.9.0', '3.0.0'] as const;

/** The version an installation runs at `ts`, from its two upgrade times. */
export const versionAt = (ts: string): string =>
  `CASE WHEN ${ts} >= t30 THEN '3.0.0' WHEN ${ts} >= t29 THEN '2.9.0' ELSE '2.8.0' END`;

/**
 * Temp tables of the seed's users and installations, with their person ids and fixed traits. Events join
 * them by index, so an installation keeps its platform and upgrades in time order, and a user keeps a role.
 */
export function entitySql(p: SeedPlan): string[] {
  const start = windowStart(p);
  const span = p.days * DAY_US;
  const at = (frac: string) => `${sqlTimestamp(start)} + to_microseconds(((${frac}) * ${span})::BIGINT)`;
  // 2.9.0 ships a fifth into the window and 3.0.0 just past half; existing installations follow within a
  // quarter of the window, some never upgrade, fresh installations get whatever is current.
  const upgrade = (release: number, never: number, salt: number) => `CASE
      WHEN installed_at >= ${at(String(release))} THEN installed_at
      WHEN hash(i * ${salt}) % 100 < ${never} THEN TIMESTAMP '9999-12-31'
      ELSE ${at(`${release} + (hash(i * ${salt + 1}) % 1000) / 4000.0`)} END`;
  const installs = `CREATE OR REPLACE TEMP TABLE seed_installs AS
    SELECT *, ${upgrade(0.2, 8, 31)} AS t29, ${upgrade(0.55, 15, 37)} AS t30 FROM (
      SELECT i, 'inst-' || i AS did, ${personIdSql(String(p.projectId), "'inst-' || i")} AS pid,
        ${pick(PLATFORMS, 'i * 3')} AS platform,
        ${pick(['docker', 'docker', 'native'], 'i * 5')} AS deployment_method,
        ${pick(['3.12.0', '3.11.5', '3.10.12'], 'i * 7')} AS python_version,
        ${pick(['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'UTC', 'Europe/London'], 'i * 11')} AS timezone,
        ${pick(['5.15.0', '6.1.0', '10.0.22631', '23.1.0'], 'i * 13')} AS platform_release,
        CASE WHEN i < ${p.preexisting}
          THEN ${sqlTimestamp(start)} - to_microseconds(((1 + hash(i * 17) % 180) * ${DAY_US})::BIGINT)
          ELSE ${at(`(i - ${p.preexisting}) / ${Math.max(1, p.installations - p.preexisting)}.0`)}
        END AS installed_at
      FROM range(${p.installations}) t(i))`;
  const users = `CREATE OR REPLACE TEMP TABLE seed_users AS
    SELECT u, 'user-' || u AS did, ${personIdSql(String(p.projectId), "'user-' || u")} AS pid,
      CASE WHEN u % 10 = 0 THEN 'admin' ELSE 'user' END AS role,
      CASE WHEN hash(u * 19) % 100 < 40 THEN 'oidc' ELSE 'local' END AS auth_method,
      ${pick(['local', 'oidc'], 'u * 23')} AS signup_method,
      ${sqlTimestamp(start)} - to_microseconds(((hash(u * 29) % 365) * ${DAY_US})::BIGINT) AS first_login
    FROM range(${p.users}) t(u)`;
  return [installs, users];
}
