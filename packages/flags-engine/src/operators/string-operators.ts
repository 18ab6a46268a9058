import { asciiLower, stringForm } from './value-string.ts';

function isBooleanLike(value: unknown): boolean {
  if (typeof value === 'boolean') return true;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    return lower === 'true' || lower === 'false';
  }
  return Array.isArray(value) && value.every(isBooleanLike);
}

function isTruthy(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.toLowerCase() === 'true';
  return Array.isArray(value) && value.every(isTruthy);
}

/**
 * `exact`: a boolean-like filter (`true`, `"False"`, `["true"]`) compares truthiness, so a stored `"true"`
 * matches a `true` filter, unless `property_matching_version` is 2. A list filter matches any element.
 * Everything else compares lowercase string forms. The filter side is prepared once.
 */
export function exactMatcher(filterValue: unknown): (actual: unknown, matchingVersion?: number) => boolean {
  const booleanLike = isBooleanLike(filterValue);
  const truthy = isTruthy(filterValue);
  const emptyList = Array.isArray(filterValue) && filterValue.length === 0;
  const expected = Array.isArray(filterValue)
    ? filterValue.map((item) => stringForm(item).toLowerCase())
    : [stringForm(filterValue).toLowerCase()];
  return (actual, matchingVersion) => {
    if ((matchingVersion !== 2 && booleanLike) || emptyList) return truthy === isTruthy(actual);
    const lower = stringForm(actual).toLowerCase();
    for (const item of expected) if (item === lower) return true;
    return false;
  };
}

// Matching the raw text first is exact: the needle is already folded, so any place it occurs verbatim
// survives folding. Only text with an ASCII capital needs the folded copy.
const UPPER_ASCII = /[A-Z]/;

export function containsFolded(text: string, needle: string): boolean {
  return text.includes(needle) || (UPPER_ASCII.test(text) && asciiLower(text).includes(needle));
}

export function startsWithFolded(text: string, needle: string): boolean {
  return text.startsWith(needle) || (UPPER_ASCII.test(text) && asciiLower(text).startsWith(needle));
}

export function endsWithFolded(text: string, needle: string): boolean {
  return text.endsWith(needle) || (UPPER_ASCII.test(text) && asciiLower(text).endsWith(needle));
}

/** The folded needles of an `icontains_multi` filter; null when the filter is not a list. */
export function foldedNeedles(filterValue: unknown): string[] | null {
  return Array.isArray(filterValue) ? filterValue.map((needle) => asciiLower(stringForm(needle))) : null;
}
