import { CompileContext, type QueryEnv } from './compile-context.ts';
import type { SqlDialect } from './dialects/sql-dialect.ts';
import { type QueryBudget, tooLarge } from './query-budget.ts';
import type { QueryRunner, SqlRow } from './query-runner.ts';

/** What every query kind runs with: the SQL port, its dialect, the project's view and the budget. */
export interface QueryEngine {
  runner: QueryRunner;
  dialect: SqlDialect;
  env: QueryEnv;
  budget: QueryBudget;
}

export interface RowBound {
  /**
   * Most rows the statement may return; by default the cells left in the budget (one row, one cell). Runners
   * that reserved their cells before the statement pass what their shape allows instead.
   */
  maxRows?: number;
  /** What to change when it returns more, as a clause. */
  advice?: string;
}

const ADVICE = 'narrow the date range or add filters';

export function newContext(engine: QueryEngine): CompileContext {
  return new CompileContext(engine.dialect, engine.env);
}

/**
 * Runs one statement on the time left and reads at most one row past its bound, so a result too large for
 * the budget is refused without being read.
 */
export async function execute(
  engine: QueryEngine,
  ctx: CompileContext,
  sql: string,
  bound: RowBound = {},
): Promise<SqlRow[]> {
  const budget = engine.budget;
  budget.check();
  const maxRows = bound.maxRows ?? budget.remainingCells;
  const rows = await engine.runner.run(sql, ctx.params.values, { timeoutMs: budget.remainingMs, maxRows });
  if (rows.length > maxRows) throw tooLarge(budget.limits.maxCells, bound.advice ?? ADVICE);
  budget.check();
  return rows;
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
    `SELECT ${engine.dialect.isoTime('min(timestamp)', 'ms')} AS t FROM events WHERE ${ctx.inProject('project_id')}`,
  );
  const t = rows[0]?.t;
  return typeof t === 'string' ? new Date(t) : null;
}
