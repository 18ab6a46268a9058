const MINUTE_MS = 60_000;
const MAX_SPAN_MS = 31 * 86_400_000;

/**
 * Where an environment's expiry has got to: the next time window to delete. Deleting by time window lets
 * DuckDB skip every row group outside it by its min/max statistics, so each slice touches about the rows it
 * deletes. Deleting "any N rows before the horizon" instead rescans the already-emptied row groups on every
 * slice (their statistics still cover the deleted rows until a checkpoint compacts them): quadratic, minutes on
 * 10M events.
 */
interface Cursor {
  before: number;
  from: number;
  spanMs: number;
}

export class ExpiryWindows {
  private readonly cursors = new Map<number, Cursor>();

  /**
   * The next window of `environmentId` below `before`, starting at `oldest()` the first time (or when the
   * horizon moved: a new run). Undefined when the environment has nothing left before the horizon.
   */
  async next(
    environmentId: number,
    before: Date,
    oldest: () => Promise<Date | undefined>,
  ): Promise<{ from: Date; to: Date } | undefined> {
    let cursor = this.cursors.get(environmentId);
    if (!cursor || cursor.before !== before.getTime()) {
      const first = await oldest();
      if (!first) return this.done(environmentId);
      cursor = { before: before.getTime(), from: first.getTime(), spanMs: MINUTE_MS };
      this.cursors.set(environmentId, cursor);
    }
    if (cursor.from >= cursor.before) return this.done(environmentId);
    return {
      from: new Date(cursor.from),
      to: new Date(Math.min(cursor.before, cursor.from + cursor.spanMs)),
    };
  }

  /**
   * Moves past the window just deleted and sizes the next one so it holds about `target` rows (at most eight
   * times larger or smaller than this one, so one dense hour cannot make a huge transaction of the next).
   */
  advance(environmentId: number, to: Date, deleted: number, target: number): void {
    const cursor = this.cursors.get(environmentId);
    if (!cursor) return;
    const factor = deleted === 0 ? 8 : Math.min(8, Math.max(1 / 8, target / deleted));
    cursor.from = to.getTime();
    cursor.spanMs = Math.min(MAX_SPAN_MS, Math.max(1_000, Math.round(cursor.spanMs * factor)));
  }

  private done(environmentId: number): undefined {
    this.cursors.delete(environmentId);
    return undefined;
  }
}
