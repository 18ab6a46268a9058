import type { EvaluationEnv } from './evaluation-env.ts';
import { unresolved } from './evaluation-env.ts';
import { compareDates } from './operators/date-operators.ts';
import { compareNumbers, isBetween } from './operators/numeric-operators.ts';
import { regexMatch } from './operators/regex-operator.ts';
import { compareSemver } from './operators/semver-operators.ts';
import {
  containsAnyIgnoreCase,
  containsIgnoreCase,
  endsWithIgnoreCase,
  exactMatch,
  startsWithIgnoreCase,
} from './operators/string-operators.ts';
import { MISSING, type PropertyLookup } from './property-source.ts';
import type { FlagProperty, Unresolved } from './types.ts';

/** Operators that hold for an absent key on the server: "is not X" is true of nothing. */
const TRUE_WHEN_MISSING: ReadonlySet<string> = new Set([
  'is_not',
  'is_not_set',
  'not_icontains',
  'not_starts_with',
  'not_ends_with',
  'not_regex',
  'not_icontains_multi',
  'not_between',
]);

/** Result of the operator itself: null means the filter value is unusable for it. */
function applyOperator(
  operator: string,
  filter: FlagProperty,
  actual: unknown,
  env: EvaluationEnv,
): boolean | null | undefined {
  const expected = filter.value;
  switch (operator) {
    case 'exact':
      return exactMatch(expected, actual, env.definitions.property_matching_version);
    case 'is_not':
      return !exactMatch(expected, actual, env.definitions.property_matching_version);
    case 'is_set':
      return true;
    case 'is_not_set':
      return false;
    case 'icontains':
      return containsIgnoreCase(expected, actual);
    case 'not_icontains':
      return !containsIgnoreCase(expected, actual);
    case 'starts_with':
      return startsWithIgnoreCase(expected, actual);
    case 'not_starts_with':
      return !startsWithIgnoreCase(expected, actual);
    case 'ends_with':
      return endsWithIgnoreCase(expected, actual);
    case 'not_ends_with':
      return !endsWithIgnoreCase(expected, actual);
    case 'icontains_multi':
      return containsAnyIgnoreCase(expected, actual);
    case 'not_icontains_multi': {
      const any = containsAnyIgnoreCase(expected, actual);
      return any === null ? null : !any;
    }
    // A pattern that does not compile is false for both operators, on the server and in posthog-node.
    case 'regex':
      return regexMatch(expected, actual) === true;
    case 'not_regex':
      return regexMatch(expected, actual) === false;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return compareNumbers(operator, expected, actual);
    case 'between':
      return isBetween(expected, actual);
    case 'not_between': {
      const inside = isBetween(expected, actual);
      return inside === null ? null : !inside;
    }
    case 'is_date_before':
    case 'is_date_after':
    case 'is_date_exact':
      return compareDates(operator, expected, actual, env.context.now, env.context.timezone);
    case 'semver_eq':
    case 'semver_neq':
    case 'semver_gt':
    case 'semver_gte':
    case 'semver_lt':
    case 'semver_lte':
    case 'semver_tilde':
    case 'semver_caret':
    case 'semver_wildcard':
      return compareSemver(operator, expected, actual);
    default:
      return undefined;
  }
}

/**
 * One person/group filter against a looked-up value. Server mode follows the flags service's
 * `match_property`: an absent key satisfies only the negative operators, and an unusable filter is no
 * match. Local mode cannot tell "absent" from "not sent", so those cases are inconclusive.
 */
export function matchProperty(
  filter: FlagProperty,
  value: PropertyLookup,
  env: EvaluationEnv,
): boolean | Unresolved {
  const operator = filter.operator ?? 'exact';
  if (value === MISSING) {
    if (env.server) return TRUE_WHEN_MISSING.has(operator);
    return unresolved('missing_context', `property "${filter.key}" was not provided`);
  }
  const result = applyOperator(operator, filter, value, env);
  if (typeof result === 'boolean') return result;
  if (env.server) return false;
  if (result === undefined) return unresolved('unknown_operator', `unknown operator "${operator}"`);
  return unresolved('invalid_filter', `filter value for "${filter.key}" is not usable with ${operator}`);
}
