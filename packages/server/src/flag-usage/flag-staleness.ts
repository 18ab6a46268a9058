import type { FlagFilters } from '@signpost/flags-engine';
import { dayOfString, dayString, POLLED } from './flag-usage.ts';

export type StaleReason = 'not_evaluated' | 'fully_rolled_out' | 'single_value' | 'experiment_shipped';

export interface StaleVerdict {
  stale: boolean;
  reasons: StaleReason[];
  /** The earliest day (`YYYY-MM-DD`) from which a reason has held; null when not stale. */
  since: string | null;
  /** Why the flag is never stale (`permanent`), when it is exempt. */
  exempt?: 'permanent';
}

/** What the verdict needs to know about one flag in one environment; days are UTC day numbers. */
export interface StalenessInput {
  today: number;
  staleDays: number;
  createdDay: number;
  /** The day of the flag's last change (a rollout reaching 100% counts from here). */
  changedDay: number;
  active: boolean;
  filters: FlagFilters;
  permanent: boolean;
  /** Last day with any count, polls included; undefined = never evaluated. */
  lastUsedDay: number | undefined;
  /** Values served (polls excluded) over the last `staleDays` days, with counts. */
  servedValues: ReadonlyMap<string, number>;
  /** End day of the flag's experiment that shipped a variant, if any. */
  shippedExperimentDay: number | undefined;
}

/**
 * Whether a flag is a candidate for removal from code, and why. Each reason must have held for `staleDays`
 * days, so a flag created or changed last week is never reported; `permanent` flags (kill switches,
 * operational settings) are exempt. Pure: the caller passes the day, usage and experiment facts.
 */
export function staleness(i: StalenessInput): StaleVerdict {
  if (i.permanent) return { stale: false, reasons: [], since: null, exempt: 'permanent' };
  const found: [StaleReason, number][] = [];
  const window = i.today - i.staleDays + 1;
  const oldEnough = i.createdDay <= i.today - i.staleDays;
  if (oldEnough && (i.lastUsedDay === undefined || i.lastUsedDay < window))
    found.push(['not_evaluated', i.lastUsedDay === undefined ? i.createdDay : i.lastUsedDay + 1]);
  if (i.active && everyoneGetsOneValue(i.filters) && i.changedDay <= i.today - i.staleDays)
    found.push(['fully_rolled_out', i.changedDay]);
  if (oldEnough && i.servedValues.size === 1) found.push(['single_value', window]);
  if (i.shippedExperimentDay !== undefined && i.shippedExperimentDay <= i.today - i.staleDays)
    found.push(['experiment_shipped', i.shippedExperimentDay]);
  if (found.length === 0) return { stale: false, reasons: [], since: null };
  return {
    stale: true,
    reasons: found.map(([r]) => r),
    since: dayString(Math.min(...found.map(([, d]) => d))),
  };
}

/**
 * Rolled out to everyone: one condition without properties at 100% (or no rollout given), and either no
 * variants or one variant taking 100% of the split (or the condition forcing one variant).
 */
export function everyoneGetsOneValue(filters: FlagFilters): boolean {
  const groups = filters.groups ?? [];
  if (groups.length !== 1 || (filters.super_groups?.length ?? 0) > 0 || filters.holdout) return false;
  const only = groups[0];
  if (!only || (only.properties?.length ?? 0) > 0) return false;
  if ((only.rollout_percentage ?? 100) < 100) return false;
  const variants = filters.multivariate?.variants ?? [];
  if (variants.length === 0 || only.variant) return true;
  return variants.some((v) => v.rollout_percentage >= 100);
}

/** Served values (polls left out) summed over rows from the window on. */
export function servedValuesSince(
  rows: readonly { flagKey: string; day: string; value: string; count: number }[],
  windowStart: number,
): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const r of rows) {
    if (r.value === POLLED || r.count <= 0 || dayOfString(r.day) < windowStart) continue;
    let values = out.get(r.flagKey);
    if (!values) {
      values = new Map();
      out.set(r.flagKey, values);
    }
    values.set(r.value, (values.get(r.value) ?? 0) + r.count);
  }
  return out;
}
