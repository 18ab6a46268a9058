import { caseInsensitive } from './case-fold.ts';
import { asciiClass } from './char-sets.ts';
import { parseEscape } from './parse-escape.ts';
import type { PatternCursor } from './pattern-cursor.ts';
import type { CharTest } from './regex-ast.ts';

const NOTHING: CharTest = () => false;

/** One operand of a set operation: the union of ranges, escapes and nested classes written side by side. */
class Union {
  private readonly ranges: number[] = [];
  private readonly tests: CharTest[] = [];

  addRange(lo: number, hi: number): void {
    this.ranges.push(lo, hi);
  }

  addTest(test: CharTest): void {
    this.tests.push(test);
  }

  toTest(): CharTest {
    const { ranges, tests } = this;
    if (ranges.length === 0 && tests.length === 0) return NOTHING;
    return (cp) => {
      for (let i = 0; i < ranges.length; i += 2) if (cp >= ranges[i]! && cp <= ranges[i + 1]!) return true;
      for (const test of tests) if (test(cp)) return true;
      return false;
    };
  }
}

type SetOp = '&&' | '--' | '~~';

function combine(op: SetOp, a: CharTest, b: CharTest): CharTest {
  if (op === '&&') return (cp) => a(cp) && b(cp);
  if (op === '--') return (cp) => a(cp) && !b(cp);
  return (cp) => a(cp) !== b(cp);
}

// `[:alpha:]` inside brackets; anything else starting with `[:` is a nested class (as in Rust).
function tryAsciiClass(cur: PatternCursor): CharTest | null {
  const start = cur.pos;
  if (!cur.eat('[:')) return null;
  const negated = cur.eat('^');
  let name = '';
  while (!cur.done && /[a-z]/.test(String.fromCodePoint(cur.peek())))
    name += String.fromCodePoint(cur.next());
  const test = cur.eat(':]') ? asciiClass(name) : null;
  if (test === null) {
    cur.pos = start;
    return null;
  }
  return negated ? (cp) => !test(cp) : test;
}

/** A literal class member (for range ends), or a set. */
function parseMember(cur: PatternCursor): { cp: number } | { test: CharTest } {
  const cp = cur.next();
  if (cp !== 0x5c) return { cp };
  const escaped = parseEscape(cur, true);
  if (escaped.kind === 'char') return { cp: escaped.cp };
  if (escaped.kind === 'set') return { test: escaped.test };
  throw cur.error('assertions are not allowed in a class');
}

function parseItem(cur: PatternCursor, union: Union): void {
  const first = parseMember(cur);
  if ('test' in first) {
    union.addTest(first.test);
    return;
  }
  cur.skipSpace();
  // `a-z` is a range; a `-` before `]` or starting `--` is not.
  if (cur.peek() !== 0x2d || cur.peek(1) === 0x5d || cur.peek(1) === 0x2d) {
    union.addRange(first.cp, first.cp);
    return;
  }
  cur.pos++;
  cur.skipSpace();
  const last = parseMember(cur);
  if (!('cp' in last)) throw cur.error('a class range must end with a character');
  if (last.cp < first.cp) throw cur.error('invalid class range');
  union.addRange(first.cp, last.cp);
}

/**
 * A bracketed class, positioned after its `[`. Precedence follows Rust: ranges, then union, then `&&`,
 * `--`, `~~` (equal, left to right), then the leading `^`. Case folding applies before negation.
 */
export function parseBracket(cur: PatternCursor): CharTest {
  cur.skipSpace();
  const negated = cur.eat('^');
  cur.skipSpace();
  let result: CharTest | null = null;
  let pendingOp: SetOp | null = null;
  let union = new Union();
  let first = true;
  const finishOperand = () => {
    const test = union.toTest();
    result = result === null || pendingOp === null ? test : combine(pendingOp, result, test);
    union = new Union();
  };
  for (;;) {
    cur.skipSpace();
    if (cur.done) throw cur.error('unclosed character class');
    const cp = cur.peek();
    if (cp === 0x5d && !first) {
      cur.pos++;
      break;
    }
    first = false;
    const op = (['&&', '--', '~~'] as const).find((o) => cur.is(o));
    if (op !== undefined) {
      cur.pos += 2;
      finishOperand();
      pendingOp = op;
      continue;
    }
    if (cp === 0x5b) {
      const ascii = tryAsciiClass(cur);
      if (ascii !== null) union.addTest(ascii);
      else {
        cur.pos++;
        union.addTest(parseBracket(cur));
      }
      continue;
    }
    parseItem(cur, union);
  }
  finishOperand();
  let test: CharTest = result ?? NOTHING;
  if (cur.flags.caseInsensitive) test = caseInsensitive(test);
  return negated ? (x) => !test(x) : test;
}
