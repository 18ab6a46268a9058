import type { EvaluationEnv } from '../evaluation-env.ts';
import { dateMatcher } from './date-operators.ts';
import { betweenMatcher, numberMatcher } from './numeric-operators.ts';
import { compileRegex } from './regex-operator.ts';
import { semverMatcher } from './semver-operators.ts';
import {
  containsFolded,
  endsWithFolded,
  exactMatcher,
  foldedNeedles,
  startsWithFolded,
} from './string-operators.ts';
import { asciiLower, stringForm } from './value-string.ts';

/**
 * An operator with its filter value already parsed, applied to a present property value. `null`: the
 * filter value is unusable with this operator; `undefined`: the operator is unknown.
 */
export type OperatorTest = (actual: unknown, env: EvaluationEnv) => boolean | null | undefined;

const unusable: OperatorTest = () => null;
const unknown: OperatorTest = () => undefined;
const always: OperatorTest = () => true;
const never: OperatorTest = () => false;

function folded(
  expected: unknown,
  test: (text: string, needle: string) => boolean,
  negate: boolean,
): OperatorTest {
  const needle = asciiLower(stringForm(expected));
  return negate
    ? (actual) => !test(stringForm(actual), needle)
    : (actual) => test(stringForm(actual), needle);
}

function containsAny(expected: unknown, negate: boolean): OperatorTest {
  const needles = foldedNeedles(expected);
  if (needles === null) return unusable;
  return (actual) => {
    const text = stringForm(actual);
    for (const needle of needles) if (containsFolded(text, needle)) return !negate;
    return negate;
  };
}

function exact(expected: unknown, negate: boolean): OperatorTest {
  const matches = exactMatcher(expected);
  return negate
    ? (actual, env) => !matches(actual, env.definitions.property_matching_version)
    : (actual, env) => matches(actual, env.definitions.property_matching_version);
}

// A pattern that does not compile is false for both operators, on the server and in posthog-node.
function regex(expected: unknown, negate: boolean): OperatorTest {
  const pattern = compileRegex(expected);
  if (pattern === null) return never;
  return negate
    ? (actual) => !pattern.test(stringForm(actual))
    : (actual) => pattern.test(stringForm(actual));
}

function orUnusable(test: ((actual: unknown) => boolean) | null, negate = false): OperatorTest {
  if (test === null) return unusable;
  return negate ? (actual) => !test(actual) : test;
}

/** Lowers a property operator and its filter value once per flag definition. */
export function compileOperator(operator: string, expected: unknown): OperatorTest {
  switch (operator) {
    case 'exact':
    case 'is_not':
      return exact(expected, operator === 'is_not');
    case 'is_set':
      return always;
    case 'is_not_set':
      return never;
    case 'icontains':
    case 'not_icontains':
      return folded(expected, containsFolded, operator === 'not_icontains');
    case 'starts_with':
    case 'not_starts_with':
      return folded(expected, startsWithFolded, operator === 'not_starts_with');
    case 'ends_with':
    case 'not_ends_with':
      return folded(expected, endsWithFolded, operator === 'not_ends_with');
    case 'icontains_multi':
    case 'not_icontains_multi':
      return containsAny(expected, operator === 'not_icontains_multi');
    case 'regex':
    case 'not_regex':
      return regex(expected, operator === 'not_regex');
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return orUnusable(numberMatcher(operator, expected));
    case 'between':
    case 'not_between':
      return orUnusable(betweenMatcher(expected), operator === 'not_between');
    case 'is_date_before':
    case 'is_date_after':
    case 'is_date_exact': {
      const test = dateMatcher(operator, expected);
      if (test === null) return unusable;
      return (actual, env) => test(actual, env.context.now, env.context.timezone);
    }
    case 'semver_eq':
    case 'semver_neq':
    case 'semver_gt':
    case 'semver_gte':
    case 'semver_lt':
    case 'semver_lte':
    case 'semver_tilde':
    case 'semver_caret':
    case 'semver_wildcard':
      return orUnusable(semverMatcher(operator, expected));
    default:
      return unknown;
  }
}
