import { AppError } from '../errors/app-error.ts';
import type { CompileContext } from './compile-context.ts';

// RE2 (DuckDB and ClickHouse) has no look-around or backreferences; refuse them up front with a 400.
const RE2_UNSUPPORTED = /\(\?<?[=!]|\\[1-9]|\\k</;
const RELATIVE = /^-?(\d{1,4})([hdwmy])$/;
const UNIT_MS = new Map([
  ['h', 3_600_000],
  ['d', 86_400_000],
  ['w', 604_800_000],
]);

const invalid = (detail: string, attr: string) => new AppError('INVALID_QUERY', detail, attr);

/** The text form PostHog compares: strings as they are, anything else as JSON. */
export function textForm(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? 'null');
}

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function numberOf(value: unknown, attr: string): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isFinite(n)) throw invalid('This operator needs a numeric value.', `${attr}.value`);
  return n;
}

export function parseInstant(value: unknown, now: Date, attr: string): Date {
  const text = textForm(value).trim();
  const relative = RELATIVE.exec(text);
  if (relative) {
    const n = Number(relative[1]);
    const unit = relative[2] ?? 'd';
    const unitMs = UNIT_MS.get(unit);
    if (unitMs !== undefined) return new Date(now.getTime() - n * unitMs);
    const d = new Date(now.getTime());
    d.setUTCMonth(d.getUTCMonth() - (unit === 'm' ? n : 12 * n));
    return d;
  }
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(ms)) throw invalid(`"${text}" is not a date.`, `${attr}.value`);
  return new Date(ms);
}

function semver(value: unknown, attr: string): number[] {
  const m = /^[vV]?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-+].*)?$/.exec(textForm(value).trim());
  if (!m) throw invalid(`"${textForm(value)}" is not a version.`, `${attr}.value`);
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

/** `[lower, upper)` of tilde, caret and wildcard ranges, as the flags engine reads them. */
function semverBounds(operator: string, value: unknown, attr: string): [number[], number[]] {
  if (operator === 'semver_wildcard') {
    const text = textForm(value)
      .trim()
      .replace(/^[vV]/, '')
      .replace(/\.?\*$/, '');
    const parts = text.split('.');
    if (text === '' || parts.length > 2 || !parts.every((p) => /^\d+$/.test(p)))
      throw invalid(`"${textForm(value)}" is not a version wildcard.`, `${attr}.value`);
    const major = Number(parts[0]);
    if (parts.length === 1)
      return [
        [major, 0, 0],
        [major + 1, 0, 0],
      ];
    const minor = Number(parts[1]);
    return [
      [major, minor, 0],
      [major, minor + 1, 0],
    ];
  }
  const [major = 0, minor = 0, patch = 0] = semver(value, attr);
  if (operator === 'semver_tilde')
    return [
      [major, minor, patch],
      [major, minor + 1, 0],
    ];
  if (major > 0)
    return [
      [major, minor, patch],
      [major + 1, 0, 0],
    ];
  if (minor > 0)
    return [
      [0, minor, patch],
      [0, minor + 1, 0],
    ];
  return [
    [0, 0, patch],
    [0, 0, patch + 1],
  ];
}

/**
 * One operator of the flags engine's set as SQL over a text expression `v` (NULL when the property is
 * absent). As in PostHog's insights, negative operators hold for events without the property, and `exact`
 * compares case-sensitively. Every value is a bound parameter.
 */
export function operatorSql(
  ctx: CompileContext,
  operator: string,
  v: string,
  value: unknown,
  attr: string,
): string {
  const d = ctx.dialect;
  const list = Array.isArray(value) ? value : [value];
  const like = (pattern: (s: string) => string, item: unknown) =>
    d.iLike(v, ctx.bind(pattern(likeEscape(textForm(item)))));
  const semverCompare = (op: string) =>
    `${d.semverParts(v)} ${op} ${d.intList(semver(value, attr).map((n) => ctx.bind(n)))}`;
  switch (operator) {
    case 'exact':
      if (list.length === 0) throw invalid('exact needs a value.', `${attr}.value`);
      return `coalesce(${v} IN (${list.map((x) => ctx.bind(textForm(x))).join(', ')}), false)`;
    case 'is_not':
      return `NOT coalesce(${v} IN (${list.map((x) => ctx.bind(textForm(x))).join(', ')}), false)`;
    case 'is_set':
      return `(${v} IS NOT NULL)`;
    case 'is_not_set':
      return `(${v} IS NULL)`;
    case 'icontains':
      return `coalesce(${like((s) => `%${s}%`, value)}, false)`;
    case 'not_icontains':
      return `NOT coalesce(${like((s) => `%${s}%`, value)}, false)`;
    case 'starts_with':
      return `coalesce(${like((s) => `${s}%`, value)}, false)`;
    case 'not_starts_with':
      return `NOT coalesce(${like((s) => `${s}%`, value)}, false)`;
    case 'ends_with':
      return `coalesce(${like((s) => `%${s}`, value)}, false)`;
    case 'not_ends_with':
      return `NOT coalesce(${like((s) => `%${s}`, value)}, false)`;
    case 'icontains_multi':
    case 'not_icontains_multi': {
      if (!Array.isArray(value) || value.length === 0)
        throw invalid(`${operator} needs a list of values.`, `${attr}.value`);
      const any = `coalesce(${value.map((x) => like((s) => `%${s}%`, x)).join(' OR ')}, false)`;
      return operator === 'icontains_multi' ? any : `NOT ${any}`;
    }
    case 'regex':
    case 'not_regex': {
      const pattern = textForm(value);
      try {
        if (RE2_UNSUPPORTED.test(pattern)) throw new Error('unsupported');
        new RegExp(pattern);
      } catch {
        throw invalid(`"${pattern}" is not a supported regular expression.`, `${attr}.value`);
      }
      const match = `coalesce(${d.regexMatch(v, ctx.bind(pattern))}, false)`;
      return operator === 'regex' ? match : `NOT ${match}`;
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const op = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[operator];
      return `coalesce(${d.toNumber(v)} ${op} ${ctx.bind(numberOf(value, attr))}::DOUBLE, false)`;
    }
    case 'between':
    case 'not_between': {
      if (!Array.isArray(value) || value.length !== 2)
        throw invalid(`${operator} needs [min, max].`, `${attr}.value`);
      const n = d.toNumber(v);
      const inside = `coalesce(${n} >= ${ctx.bind(numberOf(value[0], attr))}::DOUBLE AND ${n} <= ${ctx.bind(numberOf(value[1], attr))}::DOUBLE, false)`;
      return operator === 'between' ? inside : `NOT ${inside}`;
    }
    case 'is_date_before':
    case 'is_date_after':
    case 'is_date_exact': {
      const op = { is_date_before: '<', is_date_after: '>', is_date_exact: '=' }[operator];
      const target = ctx.bind(parseInstant(value, ctx.env.now, attr).toISOString());
      return `coalesce(${d.toInstant(v)} ${op} ${d.toInstant(target)}, false)`;
    }
    case 'semver_eq':
      return `coalesce(${semverCompare('=')}, false)`;
    case 'semver_neq':
      return `coalesce(${semverCompare('<>')}, false)`;
    case 'semver_gt':
      return `coalesce(${semverCompare('>')}, false)`;
    case 'semver_gte':
      return `coalesce(${semverCompare('>=')}, false)`;
    case 'semver_lt':
      return `coalesce(${semverCompare('<')}, false)`;
    case 'semver_lte':
      return `coalesce(${semverCompare('<=')}, false)`;
    case 'semver_tilde':
    case 'semver_caret':
    case 'semver_wildcard': {
      const [lower, upper] = semverBounds(operator, value, attr);
      const parts = d.semverParts(v);
      const lo = d.intList(lower.map((n) => ctx.bind(n)));
      const hi = d.intList(upper.map((n) => ctx.bind(n)));
      return `coalesce(${parts} >= ${lo} AND ${parts} < ${hi}, false)`;
    }
    default:
      throw invalid(`Unknown operator "${operator}".`, `${attr}.operator`);
  }
}
