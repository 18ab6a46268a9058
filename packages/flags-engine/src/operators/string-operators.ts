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
 * Everything else compares lowercase string forms.
 */
export function exactMatch(filterValue: unknown, propertyValue: unknown, matchingVersion?: number): boolean {
  if (
    (matchingVersion !== 2 && isBooleanLike(filterValue)) ||
    (Array.isArray(filterValue) && filterValue.length === 0)
  ) {
    return isTruthy(filterValue) === isTruthy(propertyValue);
  }
  const actual = stringForm(propertyValue).toLowerCase();
  if (Array.isArray(filterValue)) {
    for (const item of filterValue) if (stringForm(item).toLowerCase() === actual) return true;
    return false;
  }
  return stringForm(filterValue).toLowerCase() === actual;
}

export function containsIgnoreCase(filterValue: unknown, propertyValue: unknown): boolean {
  return asciiLower(stringForm(propertyValue)).includes(asciiLower(stringForm(filterValue)));
}

export function startsWithIgnoreCase(filterValue: unknown, propertyValue: unknown): boolean {
  return asciiLower(stringForm(propertyValue)).startsWith(asciiLower(stringForm(filterValue)));
}

export function endsWithIgnoreCase(filterValue: unknown, propertyValue: unknown): boolean {
  return asciiLower(stringForm(propertyValue)).endsWith(asciiLower(stringForm(filterValue)));
}

/** `icontains_multi`: any element of the filter list is a case-insensitive substring. Null: not a list. */
export function containsAnyIgnoreCase(filterValue: unknown, propertyValue: unknown): boolean | null {
  if (!Array.isArray(filterValue)) return null;
  const haystack = asciiLower(stringForm(propertyValue));
  for (const needle of filterValue) if (haystack.includes(asciiLower(stringForm(needle)))) return true;
  return false;
}
