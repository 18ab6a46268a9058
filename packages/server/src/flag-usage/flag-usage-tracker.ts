import type { EvaluationResult } from '@signpost/flags-engine';
import type { Logger } from '../util/logger.ts';
import { dayNumber, dayOfString, dayString, type FlagUsageRow, POLLED } from './flag-usage.ts';
import type { FlagUsageStore } from './flag-usage-store.ts';

/** value → count, for one flag on one day in one environment. */
type Tally = Map<string, number>;
/** environment → flag key → tally, for one day. */
type DayCounters = Map<number, Map<string, Tally>>;

export interface FlagUsageTrackerDeps {
  store: FlagUsageStore;
  logger?: Logger;
  /** Milliseconds since the epoch; a number, not a Date, so counting allocates nothing. */
  nowMs?: () => number;
}

export interface CalledEvent {
  event: string;
  properties: Readonly<Record<string, unknown>>;
}

/**
 * Counts flag evaluations in memory and writes them out in batches. The hot path (`/flags`) does three Map
 * look-ups and an increment per answered flag: no string is built (the value is `'true'`, `'false'` or the
 * variant key the engine already holds) and no storage is touched. A flush hands the counters to the store as
 * additive rows, so a crash loses at most one interval and several nodes can share one database.
 */
export class FlagUsageTracker {
  private readonly days = new Map<number, DayCounters>();
  private currentDay = Number.NaN;
  private current: DayCounters = new Map();
  private readonly nowMs: () => number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private flushing: Promise<void> = Promise.resolve();
  /** Rows handed to the store and not yet acknowledged: still "pending" for readers. */
  private inFlight: FlagUsageRow[] = [];

  constructor(private readonly deps: FlagUsageTrackerDeps) {
    this.nowMs = deps.nowMs ?? Date.now;
  }

  /** `/flags`, `/decide`, OFREP: one count per flag answered, under the value it answered. */
  recordResults(
    environmentId: number,
    results: readonly { flag: { key: string }; result: EvaluationResult }[],
  ) {
    if (results.length === 0) return;
    const flags = this.environment(environmentId);
    for (const { flag, result } of results) {
      // An inconclusive result never reaches /flags' answer as a value; count it as what the SDK sees (off).
      const value = result.inconclusive ? 'false' : result.value;
      count(flags, flag.key, value === true ? 'true' : value === false ? 'false' : value);
    }
  }

  /** A definitions poll or a remote-config fetch: the flags were handed out, their answers are not known here. */
  recordPolled(environmentId: number, flagKeys: Iterable<string>): void {
    const flags = this.environment(environmentId);
    for (const key of flagKeys) count(flags, key, POLLED);
  }

  /** Captured `$feature_flag_called` events: how SDKs evaluating locally report what they served. */
  recordCalledEvents(environmentId: number, events: readonly CalledEvent[]): void {
    let flags: Map<string, Tally> | undefined;
    for (const e of events) {
      if (e.event !== '$feature_flag_called') continue;
      const key = e.properties.$feature_flag;
      if (typeof key !== 'string' || key === '') continue;
      const response = e.properties.$feature_flag_response;
      flags ??= this.environment(environmentId);
      count(flags, key, typeof response === 'string' ? response : response === true ? 'true' : 'false');
    }
  }

  /** Counts not yet flushed, as rows (the staleness verdict adds them to the stored ones). */
  pending(environmentId: number): FlagUsageRow[] {
    const rows = this.inFlight.filter((r) => r.environmentId === environmentId);
    for (const [day, counters] of this.days) {
      const flags = counters.get(environmentId);
      if (flags) pushRows(rows, environmentId, dayString(day), flags);
    }
    return rows;
  }

  /** Writes every counter out and starts afresh; counters of a failed write are kept for the next flush. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.flushOnce());
    return this.flushing;
  }

  /** Flushes every `intervalMs` until `stop()`, which flushes a last time (shutdown). */
  start(intervalMs: number): void {
    this.timer ??= setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private async flushOnce(): Promise<void> {
    if (this.days.size === 0) return;
    const taken = new Map(this.days);
    this.days.clear();
    this.currentDay = Number.NaN;
    const rows: FlagUsageRow[] = [];
    for (const [day, counters] of taken) {
      const text = dayString(day);
      for (const [environmentId, flags] of counters) pushRows(rows, environmentId, text, flags);
    }
    this.inFlight = rows;
    try {
      await this.deps.store.addUsage(rows);
    } catch (error) {
      this.deps.logger?.warn('flag usage flush failed; keeping the counts for the next one', {
        error: String(error),
      });
      for (const r of rows) {
        const flags = this.environmentOn(dayOfString(r.day), r.environmentId);
        count(flags, r.flagKey, r.value, r.count);
      }
    } finally {
      this.inFlight = [];
    }
  }

  private environment(environmentId: number): Map<string, Tally> {
    const day = dayNumber(this.nowMs());
    if (day !== this.currentDay) {
      this.currentDay = day;
      this.current = this.countersOf(day);
    }
    let flags = this.current.get(environmentId);
    if (!flags) {
      flags = new Map();
      this.current.set(environmentId, flags);
    }
    return flags;
  }

  private environmentOn(day: number, environmentId: number): Map<string, Tally> {
    const counters = this.countersOf(day);
    let flags = counters.get(environmentId);
    if (!flags) {
      flags = new Map();
      counters.set(environmentId, flags);
    }
    return flags;
  }

  private countersOf(day: number): DayCounters {
    let counters = this.days.get(day);
    if (!counters) {
      counters = new Map();
      this.days.set(day, counters);
    }
    return counters;
  }
}

function count(flags: Map<string, Tally>, key: string, value: string, by = 1): void {
  let tally = flags.get(key);
  if (!tally) {
    tally = new Map();
    flags.set(key, tally);
  }
  tally.set(value, (tally.get(value) ?? 0) + by);
}

function pushRows(rows: FlagUsageRow[], environmentId: number, day: string, flags: Map<string, Tally>): void {
  for (const [flagKey, tally] of flags)
    for (const [value, n] of tally) rows.push({ environmentId, flagKey, day, value, count: n });
}
