import type { FeatureFlag } from '../flags/feature-flag.ts';
import { type StaleVerdict, servedValuesSince, staleness } from './flag-staleness.ts';
import { dayNumber, dayString, type FlagUsageRow } from './flag-usage.ts';
import type { FlagUsageStore } from './flag-usage-store.ts';

export const DEFAULT_STALE_DAYS = 30;

/** A flag's experiment that ended by shipping a variant. */
export interface ShippedExperiment {
  flagId: number;
  endDate: Date;
}

export interface FlagLifecycleDeps {
  store: FlagUsageStore;
  /** Counts not flushed yet (the tracker's), so a verdict never lags the flush interval. */
  pending: (environmentId: number) => FlagUsageRow[];
  shippedExperiments: (environmentId: number) => ShippedExperiment[];
  now?: () => Date;
  /** The project's own setting (its data settings), used when a request does not say `stale_days`. */
  staleDaysOf?: (environmentId: number) => number;
}

export interface FlagUsageFacts {
  verdict: StaleVerdict;
  lastEvaluatedDay: string | null;
}

export interface DailyUsage {
  day: string;
  total: number;
  values: Record<string, number>;
}

/** Staleness verdicts and usage series for the management API: two queries per request, never per flag. */
export class FlagLifecycleService {
  private readonly now: () => Date;

  constructor(private readonly deps: FlagLifecycleDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async facts(
    environmentId: number,
    flags: readonly FeatureFlag[],
    requestedStaleDays?: number,
  ): Promise<Map<number, FlagUsageFacts>> {
    const staleDays = requestedStaleDays ?? this.deps.staleDaysOf?.(environmentId) ?? DEFAULT_STALE_DAYS;
    const today = dayNumber(this.now().getTime());
    const windowStart = today - staleDays + 1;
    const pending = this.deps.pending(environmentId);
    const [stored, lastDays] = await Promise.all([
      this.deps.store.listUsage(environmentId, dayString(windowStart)),
      this.deps.store.lastUsedDays(environmentId),
    ]);
    for (const r of pending) if (r.day > (lastDays.get(r.flagKey) ?? '')) lastDays.set(r.flagKey, r.day);
    const served = servedValuesSince([...stored, ...pending], windowStart);
    const shipped = new Map<number, number>();
    for (const e of this.deps.shippedExperiments(environmentId)) {
      const day = dayNumber(e.endDate.getTime());
      shipped.set(e.flagId, Math.min(day, shipped.get(e.flagId) ?? day));
    }
    const out = new Map<number, FlagUsageFacts>();
    for (const f of flags) {
      const last = lastDays.get(f.key);
      const verdict = staleness({
        today,
        staleDays,
        createdDay: dayNumber(f.createdAt.getTime()),
        changedDay: dayNumber(f.updatedAt.getTime()),
        active: f.active,
        filters: f.filters,
        permanent: f.permanent ?? false,
        lastUsedDay: last === undefined ? undefined : dayNumber(Date.parse(`${last}T00:00:00Z`)),
        servedValues: served.get(f.key) ?? new Map(),
        shippedExperimentDay: shipped.get(f.id),
      });
      out.set(f.id, { verdict, lastEvaluatedDay: last ?? null });
    }
    return out;
  }

  /** One flag's evaluations per day over the last `days` days, oldest first, zero days included. */
  async daily(environmentId: number, flagKey: string, days: number): Promise<DailyUsage[]> {
    const today = dayNumber(this.now().getTime());
    const first = today - days + 1;
    const rows = [
      ...(await this.deps.store.listUsage(environmentId, dayString(first))),
      ...this.deps.pending(environmentId),
    ];
    const series: DailyUsage[] = [];
    for (let d = first; d <= today; d++) series.push({ day: dayString(d), total: 0, values: {} });
    const byDay = new Map(series.map((s) => [s.day, s]));
    for (const r of rows) {
      const slot = r.flagKey === flagKey ? byDay.get(r.day) : undefined;
      if (!slot) continue;
      slot.total += r.count;
      // Values are variant keys chosen by users (`__proto__` among them): own keys only.
      Object.defineProperty(slot.values, r.value, {
        value: (Object.hasOwn(slot.values, r.value) ? (slot.values[r.value] ?? 0) : 0) + r.count,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return series;
  }
}
