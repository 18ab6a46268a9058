import { stringForm } from './value-string.ts';

/** MAJOR.MINOR.PATCH plus pre-release identifiers (empty for a release). */
interface Version {
  major: number;
  minor: number;
  patch: number;
  pre: string[];
}

const PART = /^\d+$/;

/** Strips `v`, pads missing minor/patch with 0, drops leading zeros and build metadata. */
export function parseVersion(value: unknown): Version | null {
  const text = stringForm(value).trim().replace(/^[vV]/, '');
  const plus = text.indexOf('+');
  const withoutBuild = plus === -1 ? text : text.slice(0, plus);
  const dash = withoutBuild.indexOf('-');
  const core = dash === -1 ? withoutBuild : withoutBuild.slice(0, dash);
  const pre = dash === -1 ? [] : withoutBuild.slice(dash + 1).split('.');
  const parts = core.split('.');
  if (parts.length > 3 || !parts.every((p) => PART.test(p))) return null;
  return { major: Number(parts[0]), minor: Number(parts[1] ?? 0), patch: Number(parts[2] ?? 0), pre };
}

function compareIdentifiers(a: string, b: string): number {
  const aNumeric = PART.test(a);
  const bNumeric = PART.test(b);
  if (aNumeric && bNumeric) return Number(a) - Number(b);
  if (aNumeric) return -1;
  if (bNumeric) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Semver precedence: a pre-release sorts before its release. */
export function compareVersions(a: Version, b: Version): number {
  if (a.major !== b.major) return a.major - b.major;
  if (a.minor !== b.minor) return a.minor - b.minor;
  if (a.patch !== b.patch) return a.patch - b.patch;
  if (a.pre.length === 0 || b.pre.length === 0) return b.pre.length - a.pre.length;
  for (let i = 0; i < Math.min(a.pre.length, b.pre.length); i++) {
    const order = compareIdentifiers(a.pre[i]!, b.pre[i]!);
    if (order !== 0) return order;
  }
  return a.pre.length - b.pre.length;
}

function release(major: number, minor: number, patch: number): Version {
  return { major, minor, patch, pre: [] };
}

/** `[lower, upper)` for tilde, caret and wildcard filters. */
function bounds(operator: string, filterValue: unknown): [Version, Version] | null {
  if (operator === 'semver_wildcard') {
    const text = stringForm(filterValue)
      .trim()
      .replace(/^[vV]/, '')
      .replace(/\.?\*$/, '');
    const parts = text.split('.');
    if (text === '' || parts.length > 2 || !parts.every((p) => PART.test(p))) return null;
    const major = Number(parts[0]);
    if (parts.length === 1) return [release(major, 0, 0), release(major + 1, 0, 0)];
    const minor = Number(parts[1]);
    return [release(major, minor, 0), release(major, minor + 1, 0)];
  }
  const v = parseVersion(filterValue);
  if (!v) return null;
  const lower = release(v.major, v.minor, v.patch);
  if (operator === 'semver_tilde') return [lower, release(v.major, v.minor + 1, 0)];
  if (v.major > 0) return [lower, release(v.major + 1, 0, 0)];
  if (v.minor > 0) return [lower, release(0, v.minor + 1, 0)];
  return [lower, release(0, 0, v.patch + 1)];
}

type Comparison = 'semver_eq' | 'semver_neq' | 'semver_gt' | 'semver_gte' | 'semver_lt' | 'semver_lte';

function holds(operator: Comparison, order: number): boolean {
  switch (operator) {
    case 'semver_eq':
      return order === 0;
    case 'semver_neq':
      return order !== 0;
    case 'semver_gt':
      return order > 0;
    case 'semver_gte':
      return order >= 0;
    case 'semver_lt':
      return order < 0;
    default:
      return order <= 0;
  }
}

/**
 * Every `semver_*` operator with its filter value parsed once. Null: the filter value is not a version
 * (or range); the matcher then treats an unparsable property as no match.
 */
export function semverMatcher(operator: string, filterValue: unknown): ((actual: unknown) => boolean) | null {
  if (operator === 'semver_tilde' || operator === 'semver_caret' || operator === 'semver_wildcard') {
    const range = bounds(operator, filterValue);
    if (!range) return null;
    const [lower, upper] = range;
    return (propertyValue) => {
      const actual = parseVersion(propertyValue);
      return actual !== null && compareVersions(actual, lower) >= 0 && compareVersions(actual, upper) < 0;
    };
  }
  const target = parseVersion(filterValue);
  if (!target) return null;
  const comparison = operator as Comparison;
  return (propertyValue) => {
    const actual = parseVersion(propertyValue);
    return actual !== null && holds(comparison, compareVersions(actual, target));
  };
}

/** Every `semver_*` operator. Null: the filter value is not a version; an unparsable property is no match. */
export function compareSemver(
  operator: string,
  filterValue: unknown,
  propertyValue: unknown,
): boolean | null {
  const matcher = semverMatcher(operator, filterValue);
  return matcher ? matcher(propertyValue) : null;
}
