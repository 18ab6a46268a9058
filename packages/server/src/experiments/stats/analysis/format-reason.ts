import type { Interval } from '../frequentist/difference-estimate.ts';
import type { Reason, ReasonCode } from './experiment-result.ts';

export function reason(
  code: ReasonCode,
  detail: string,
  variant: string | null = null,
  metric: string | null = null,
): Reason {
  return { code, detail, variant, metric };
}

export function percent(value: number): string {
  const digits = Math.abs(value) < 0.1 ? 2 : 1;
  return `${value >= 0 ? '+' : ''}${(value * 100).toFixed(digits)}%`;
}

/** "97.3%" for a probability. */
export function probability(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

export function pValue(value: number): string {
  return value < 0.0001 ? value.toExponential(1) : value.toFixed(4);
}

/** "+4.1% (95% CI +0.3% to +7.9%)" for a relative change, or the absolute one when no relative exists. */
export function effect(relative: Interval | null, absolute: Interval, confidence: number): string {
  const level = `${Math.round(confidence * 1000) / 10}% CI`;
  if (relative)
    return `${percent(relative.estimate)} (${level} ${percent(relative.lower)} to ${percent(relative.upper)})`;
  const fmt = (x: number) => x.toPrecision(3);
  return `${fmt(absolute.estimate)} (${level} ${fmt(absolute.lower)} to ${fmt(absolute.upper)})`;
}
