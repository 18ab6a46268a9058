import type { GuardrailSpec, InsightAlertSpec } from './alert.ts';

/** One check's reading: the number compared, whether it breaks the threshold, and a line saying so. */
export interface Verdict {
  value: number;
  firing: boolean;
  message: string;
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

function outside(value: number, lower: number | null, upper: number | null, what: string): Verdict {
  if (upper !== null && value > upper)
    return { value, firing: true, message: `${what} ${round(value)} is above ${upper}` };
  if (lower !== null && value < lower)
    return { value, firing: true, message: `${what} ${round(value)} is below ${lower}` };
  return { value, firing: false, message: `${what} ${round(value)} is within bounds` };
}

/**
 * Judges a trends series on its latest complete interval: the last point is the interval still under way, so
 * the one before it is read (and the one before that is "the previous period" of relative conditions).
 */
export function judgeSeries(spec: InsightAlertSpec, points: readonly number[]): Verdict | string {
  const current = points.at(-2);
  if (current === undefined) return 'the insight has no complete interval yet';
  if (spec.condition === 'absolute_value') return outside(current, spec.lower, spec.upper, 'value');
  const previous = points.at(-3);
  if (previous === undefined) return 'the insight has no previous interval to compare with';
  const delta = spec.condition === 'relative_increase' ? current - previous : previous - current;
  const word = spec.condition === 'relative_increase' ? 'increase' : 'decrease';
  if (spec.thresholdType === 'absolute') return outside(delta, spec.lower, spec.upper, word);
  // A change from zero is no percentage: any rise from nothing counts as infinitely large.
  const ratio = previous === 0 ? (delta > 0 ? Number.POSITIVE_INFINITY : 0) : delta / previous;
  const verdict = outside(ratio, spec.lower, spec.upper, `${word} (fraction of ${round(previous)})`);
  return { ...verdict, value: Number.isFinite(ratio) ? ratio : delta };
}

/** "Stays below `upper`": a rate (numerator per denominator event) or a plain count over the window. */
export function judgeGuardrail(spec: GuardrailSpec, numerator: number, denominator: number | null): Verdict {
  const value = denominator === null ? numerator : denominator === 0 ? 0 : numerator / denominator;
  const what =
    denominator === null
      ? `${numerator} ${spec.event} events`
      : `${spec.event} rate ${round(value)} (${numerator}/${denominator})`;
  const window = `over the last ${spec.windowMinutes} min`;
  return value >= spec.upper
    ? { value, firing: true, message: `${what} ${window} is not below ${spec.upper}` }
    : { value, firing: false, message: `${what} ${window} is below ${spec.upper}` };
}
