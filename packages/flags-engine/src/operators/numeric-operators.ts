// What Rust's `str::parse::<f64>` accepts, minus `inf`/`NaN` spellings, which are never useful targets.
const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Both sides of `gt`/`lt`/`between` must read as f64: a JSON number or a numeric string. */
export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && NUMERIC.test(value)) return Number(value);
  return null;
}

/**
 * `gt`/`gte`/`lt`/`lte` with the filter's number read once. A non-numeric property is no match, as in the
 * flags service (posthog-node compares strings instead; we follow the server). Null: the filter value is
 * not a number.
 */
export function numberMatcher(operator: string, filterValue: unknown): ((actual: unknown) => boolean) | null {
  const target = toNumber(filterValue);
  if (target === null) return null;
  switch (operator) {
    case 'gt':
      return (value) => {
        const actual = toNumber(value);
        return actual !== null && actual > target;
      };
    case 'gte':
      return (value) => {
        const actual = toNumber(value);
        return actual !== null && actual >= target;
      };
    case 'lt':
      return (value) => {
        const actual = toNumber(value);
        return actual !== null && actual < target;
      };
    default:
      return (value) => {
        const actual = toNumber(value);
        return actual !== null && actual <= target;
      };
  }
}

/** `between`: inclusive `[min, max]`. Null: the filter is not a pair of numbers. */
export function betweenMatcher(filterValue: unknown): ((actual: unknown) => boolean) | null {
  if (!Array.isArray(filterValue) || filterValue.length !== 2) return null;
  const min = toNumber(filterValue[0]);
  const max = toNumber(filterValue[1]);
  if (min === null || max === null) return null;
  return (value) => {
    const actual = toNumber(value);
    return actual !== null && actual >= min && actual <= max;
  };
}
