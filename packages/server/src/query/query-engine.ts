import { CompileContext, type QueryEnv } from './compile-context.ts';
import type { SqlDialect } from './dialects/sql-dialect.ts';
import type { QueryRunner, SqlRow } from './query-runner.ts';

/** What every query kind runs with: the SQL port, its dialect, the project's view and the time budget. */
export interface QueryEngine {
  runner: QueryRunner;
  dialect: SqlDialect;
  env: QueryEnv;
  timeoutMs: number;
}

export function newContext(engine: QueryEngine): CompileContext {
  return new CompileContext(engine.dialect, engine.env);
}

export function execute(engine: QueryEngine, ctx: CompileContext, sql: string): Promise<SqlRow[]> {
  return engine.runner.run(sql, ctx.params.values, { timeoutMs: engine.timeoutMs });
}

export const toNumber = (v: unknown): number =>
  typeof v === 'number'
    ? v
    : typeof v === 'bigint'
      ? Number(v)
      : v === null || v === undefined
        ? 0
        : Number(v);

/** The project's first event, for `date_from: "all"`. */
export async function earliestEvent(engine: QueryEngine): Promise<Date | null> {
  const ctx = newContext(engine);
  const rows = await execute(
    engine,
    ctx,
    `SELECT strftime(min(timestamp), '%Y-%m-%dT%H:%M:%S.%gZ') AS t FROM events WHERE project_id = ${ctx.project}`,
  );
  const t = rows[0]?.t;
  return typeof t === 'string' ? new Date(t) : null;
}
