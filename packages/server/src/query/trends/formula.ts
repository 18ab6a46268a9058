import { AppError } from '../../errors/app-error.ts';

/** A parsed formula: evaluates with the series values (A = first series) of one interval. */
export type Formula = (values: readonly number[]) => number;

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|([A-Za-z])|([-+*/()]))/y;

/**
 * Recursive-descent parser for PostHog's trend formulas (`A/B*100`, `(A+B)/2`, `-A`): series letters,
 * numbers, + - * / and parentheses. Nothing is evaluated as code; division by zero gives 0, as PostHog shows.
 */
export function parseFormula(text: string, seriesCount: number, attr: string): Formula {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  const source = text.trim();
  while (TOKEN.lastIndex < source.length) {
    const m = TOKEN.exec(source);
    if (!m) throw new AppError('INVALID_QUERY', `Cannot read the formula "${text}".`, attr);
    tokens.push((m[1] ?? m[2] ?? m[3] ?? '').toUpperCase());
  }
  let pos = 0;
  const fail = (): never => {
    throw new AppError('INVALID_QUERY', `Cannot read the formula "${text}".`, attr);
  };
  const peek = () => tokens[pos];
  const primary = (): Formula => {
    const t = tokens[pos++];
    if (t === undefined) return fail();
    if (t === '(') {
      const inner = sum();
      if (tokens[pos++] !== ')') fail();
      return inner;
    }
    if (t === '-') {
      const inner = primary();
      return (v) => -inner(v);
    }
    if (/^[A-Z]$/.test(t)) {
      const index = t.charCodeAt(0) - 65;
      if (index >= seriesCount)
        throw new AppError(
          'INVALID_QUERY',
          `The formula uses ${t} but there are ${seriesCount} series.`,
          attr,
        );
      return (v) => v[index] ?? 0;
    }
    if (/^\d/.test(t)) {
      const n = Number(t);
      return () => n;
    }
    return fail();
  };
  const product = (): Formula => {
    let left = primary();
    while (peek() === '*' || peek() === '/') {
      const op = tokens[pos++];
      const l = left;
      const r = primary();
      left =
        op === '*'
          ? (v) => l(v) * r(v)
          : (v) => {
              const divisor = r(v);
              return divisor === 0 ? 0 : l(v) / divisor;
            };
    }
    return left;
  };
  const sum = (): Formula => {
    let left = product();
    while (peek() === '+' || peek() === '-') {
      const op = tokens[pos++];
      const l = left;
      const r = product();
      left = op === '+' ? (v) => l(v) + r(v) : (v) => l(v) - r(v);
    }
    return left;
  };
  const formula = sum();
  if (pos !== tokens.length) fail();
  return formula;
}
