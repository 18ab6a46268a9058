const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const fraction = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** A value as people read it: thousands separated ("67,367"), at most two decimals for averages and rates. */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? whole.format(value) : fraction.format(value);
}

/** Axis ticks have little room: "1.2M", "67K"; small values stay exact. */
export function formatTick(value: number): string {
  return Math.abs(value) >= 10_000 ? compact.format(value) : formatNumber(value);
}
