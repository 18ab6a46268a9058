// The bench's event generator: TimeTracker-like events written by DuckDB itself (INSERT … SELECT from
// range()), in Signpost's real schema, so 10M rows take seconds and no HTTP or ingestion cost is measured.
//
// Shape: 20,000 installations and 50,000 users (every tenth an admin), one person each, spread evenly over
// `days` ending at `end`. Event mix: 40% telemetry.health, 2% telemetry.install, 2% telemetry.update,
// 1% $exception (installations); 15% auth.login, 20% timer.started, 8% project.created, 6% export.csv,
// 6% $pageview (users). Installations keep one app_version, platform and deployment_method; users one
// auth_method. Everything derives from hash() of the row number, so a given N always gives the same data.
import type { DuckDbDatabase } from '../../packages/server/src/storage/duckdb/duckdb-database.ts';

export const INSTALLATIONS = 20_000;
export const USERS = 50_000;

export interface GenerateOptions {
  events: number;
  days: number;
  end: Date;
  projectId: number;
}

const pick = (values: string[], seed: string) =>
  `([${values.map((v) => `'${v}'`).join(', ')}])[1 + (hash(${seed}) % ${values.length})::INT]`;

const sqlTimestamp = (d: Date) => `TIMESTAMP '${d.toISOString().replace('T', ' ').replace('Z', '')}'`;

export function eventsSql(o: GenerateOptions): string {
  const start = new Date(o.end.getTime() - o.days * 86_400_000);
  const spanMicros = o.days * 86_400_000_000;
  const version = pick(['2.8.0', '2.9.0', '3.0.0', '3.1.0'], 'inst * 3');
  const platform = pick(['Linux', 'Windows', 'Darwin'], 'inst * 5');
  const deployment = pick(['docker', 'native'], 'inst * 11');
  const authMethod = pick(['local', 'oidc'], 'usr * 13');
  return `INSERT INTO events
    SELECT ${o.projectId}, uuid(), event, did, md5(did)::UUID, ts, ts, props, '', '', '', '', ''
    FROM (
      SELECT ts, event, CASE WHEN k < 45 THEN 'inst-' || inst ELSE 'user-' || usr END AS did,
        CASE
          WHEN k < 42 THEN json_object('app_version', ${version}, 'platform', ${platform},
            'deployment_method', ${deployment})
          WHEN k < 44 THEN json_object('app_version', ${version},
            'old_version', ${pick(['2.8.0', '2.9.0', '3.0.0'], 'i * 17')},
            'new_version', ${pick(['2.9.0', '3.0.0', '3.1.0'], 'i * 19')})
          WHEN k < 45 THEN json_object('app_version', ${version}, 'platform', ${platform})
          WHEN k < 60 THEN json_object('auth_method', ${authMethod})
          WHEN k < 88 THEN json_object('project', 'p-' || (usr % 500))
          WHEN k < 94 THEN json_object('rows', (hash(i * 23) % 1000)::INT)
          ELSE json_object('$pathname', ${pick(['/timer', '/projects', '/reports', '/settings'], 'i * 29')})
        END AS props
      FROM (
        SELECT i, ${sqlTimestamp(start)} + to_microseconds((i::HUGEINT * ${spanMicros} // ${o.events})::BIGINT) AS ts,
          (hash(i) % 100)::INT AS k,
          (hash(i * 7 + 1) % ${INSTALLATIONS})::INT AS inst,
          (hash(i * 7 + 2) % ${USERS})::INT AS usr,
          CASE
            WHEN k < 40 THEN 'telemetry.health' WHEN k < 42 THEN 'telemetry.install'
            WHEN k < 44 THEN 'telemetry.update' WHEN k < 45 THEN '$exception'
            WHEN k < 60 THEN 'auth.login' WHEN k < 80 THEN 'timer.started'
            WHEN k < 88 THEN 'project.created' WHEN k < 94 THEN 'export.csv' ELSE '$pageview'
          END AS event
        FROM range(${o.events}) t(i)
      )
    )`;
}

/** One person per installation and user, mapped from its distinct id, with the guide's person properties. */
export function personsSql(o: GenerateOptions): string[] {
  const created = sqlTimestamp(new Date(o.end.getTime() - o.days * 86_400_000));
  const users = `SELECT 'user-' || u AS did, json_object('role', CASE WHEN u % 10 = 0 THEN 'admin' ELSE 'user' END,
      'is_admin', u % 10 = 0) AS props FROM range(${USERS}) t(u)`;
  const installs = `SELECT 'inst-' || u AS did, json_object('environment', 'production') AS props
      FROM range(${INSTALLATIONS}) t(u)`;
  const all = `(${users} UNION ALL ${installs})`;
  return [
    `INSERT INTO persons SELECT ${o.projectId}, md5(did)::UUID, ${created}, props, true, false, 1 FROM ${all}`,
    `INSERT INTO person_distinct_ids SELECT ${o.projectId}, did, md5(did)::UUID, 1 FROM ${all}`,
  ];
}

export async function generate(db: DuckDbDatabase, o: GenerateOptions): Promise<void> {
  await db.write(async (c) => {
    for (const sql of personsSql(o)) await c.run(sql);
    await c.run(eventsSql(o));
  });
  await db.checkpointIfIdle();
}
