import { AppError } from '../errors/app-error.ts';

/** What one query may spend: values in its result and wall-clock time, SQL and result building together. */
export interface QueryLimits {
  maxCells: number;
  timeoutMs: number;
}

// Reading the clock on every row of a post-processing loop would cost more than the loop body.
const CHECK_EVERY = 1024;

/**
 * The budget of one query run. A trends result of 4,800 hours × 1,000 breakdown values once grew to 300 MB and
 * the next one crashed the process, so every runner reserves its cells before it allocates them, and asks
 * the database for no more rows than the cells left. The SQL timeout interrupts only statements; building
 * the result checks the same deadline, so one budget covers the whole answer.
 */
export class QueryBudget {
  private used = 0;
  private readonly deadline: number;

  constructor(
    readonly limits: QueryLimits,
    private readonly clock: () => number = Date.now,
  ) {
    this.deadline = clock() + limits.timeoutMs;
  }

  /** Cells not yet reserved: the most rows a statement of this query may return. */
  get remainingCells(): number {
    return Math.max(0, this.limits.maxCells - this.used);
  }

  /** Time left for the next statement; at least 1 ms so a spent budget still interrupts at once. */
  get remainingMs(): number {
    return Math.max(1, this.deadline - this.clock());
  }

  /**
   * Takes `cells` from the budget or refuses the query. `advice` tells the user what to change, as a
   * clause: "narrow the date range or use a longer interval".
   */
  reserve(cells: number, advice: string): void {
    this.used += cells;
    if (this.used > this.limits.maxCells) throw tooLarge(this.limits.maxCells, advice);
  }

  /** Refuses a query whose smallest possible result is already over budget, before any SQL runs. */
  predict(cells: number, advice: string): void {
    if (cells > this.remainingCells) throw tooLarge(this.limits.maxCells, advice);
  }

  /** Throws QUERY_TIMEOUT once the deadline has passed. */
  check(): void {
    if (this.clock() > this.deadline)
      throw new AppError(
        'QUERY_TIMEOUT',
        `The query ran longer than ${this.limits.timeoutMs} ms and was stopped while building its result.`,
      );
  }

  /** `check()` every CHECK_EVERY iterations of a loop, for loops over result rows. */
  tick(iteration: number): void {
    if (iteration % CHECK_EVERY === 0) this.check();
  }
}

export function tooLarge(maxCells: number, advice: string): AppError {
  return new AppError(
    'RESULT_TOO_LARGE',
    `The result would hold more than ${maxCells} values (SIGNPOST_QUERY_MAX_CELLS); ${advice}.`,
    null,
    { max_cells: maxCells },
  );
}
