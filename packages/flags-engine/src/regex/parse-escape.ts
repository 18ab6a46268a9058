import { perlClass, unicodeProperty } from './char-sets.ts';
import type { PatternCursor } from './pattern-cursor.ts';
import { Assert, type CharTest } from './regex-ast.ts';

export type Escape =
  | { kind: 'char'; cp: number }
  | { kind: 'set'; test: CharTest }
  | { kind: 'assert'; assert: Assert };

const SPECIAL: Record<string, number> = { a: 0x07, f: 0x0c, t: 0x09, n: 0x0a, r: 0x0d, v: 0x0b };
// Rust lets any ASCII character but letters, digits, `<` and `>` be escaped (those are reserved syntax).
const META = new Set('\\.+*?()|[]{}^$#&-~');
const HEX_WIDTH: Record<string, number> = { x: 2, u: 4, U: 8 };
const WORD_BOUNDARIES: Record<string, Assert> = {
  start: Assert.WordStart,
  end: Assert.WordEnd,
  'start-half': Assert.WordStartHalf,
  'end-half': Assert.WordEndHalf,
};

const isHex = (cp: number) =>
  (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x46) || (cp >= 0x61 && cp <= 0x66);

function escapable(cp: number): boolean {
  if (cp >= 0x80) return false;
  const c = String.fromCharCode(cp);
  if (META.has(c)) return true;
  return !/[0-9A-Za-z<>]/.test(c);
}

function parseHex(cur: PatternCursor, letter: string): number {
  let digits = '';
  if (cur.eat('{')) {
    while (!cur.done && cur.peek() !== 0x7d) {
      const cp = cur.next();
      if (!isHex(cp)) throw cur.error('invalid hexadecimal digit');
      digits += String.fromCharCode(cp);
    }
    if (!cur.eat('}') || digits.length === 0 || digits.length > 8)
      throw cur.error('invalid braced hexadecimal escape');
  } else {
    for (let i = 0; i < (HEX_WIDTH[letter] ?? 2); i++) {
      const cp = cur.next();
      if (!isHex(cp)) throw cur.error('invalid hexadecimal digit');
      digits += String.fromCharCode(cp);
    }
  }
  const value = Number.parseInt(digits, 16);
  if (value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff))
    throw cur.error('hexadecimal escape is not a Unicode scalar value');
  return value;
}

function parseProperty(cur: PatternCursor, negated: boolean): CharTest {
  let name = '';
  if (cur.eat('{')) {
    while (!cur.done && cur.peek() !== 0x7d) name += String.fromCodePoint(cur.next());
    if (!cur.eat('}')) throw cur.error('unclosed Unicode class');
    if (name.startsWith('^')) {
      negated = !negated;
      name = name.slice(1);
    }
    if (name.includes('!=')) {
      negated = !negated;
      name = name.replace('!=', '=');
    }
  } else {
    name = String.fromCodePoint(cur.next());
  }
  const test = unicodeProperty(name);
  if (test === null) throw cur.error(`unknown Unicode class ${name}`);
  return negated ? (cp) => !test(cp) : test;
}

// `\b{start}` and friends; `\b{5}` is a repeated `\b` and is left to the repetition parser.
function parseWordBoundary(cur: PatternCursor): Assert {
  if (cur.peek() !== 0x7b || !/[A-Za-z-]/.test(String.fromCodePoint(Math.max(cur.peek(1), 0))))
    return cur.flags.unicode ? Assert.WordBoundary : Assert.AsciiWordBoundary;
  cur.pos++;
  let name = '';
  while (!cur.done && cur.peek() !== 0x7d) name += String.fromCodePoint(cur.next());
  const kind = WORD_BOUNDARIES[name];
  if (!cur.eat('}') || kind === undefined) throw cur.error('unknown special word boundary');
  return kind;
}

/** After the backslash: a literal, a class (`\d`, `\pL`) or an assertion (outside brackets only). */
export function parseEscape(cur: PatternCursor, inClass: boolean): Escape {
  const cp = cur.next();
  const c = String.fromCodePoint(cp);
  if (cp >= 0x30 && cp <= 0x39) throw cur.error('backreferences are not supported');
  if (c === 'x' || c === 'u' || c === 'U') return { kind: 'char', cp: parseHex(cur, c) };
  if (c === 'p' || c === 'P') return { kind: 'set', test: parseProperty(cur, c === 'P') };
  const lower = c.toLowerCase();
  if (lower === 'd' || lower === 's' || lower === 'w') {
    const test = perlClass(lower, cur.flags.unicode);
    return { kind: 'set', test: c === lower ? test : (x) => !test(x) };
  }
  if (escapable(cp)) return { kind: 'char', cp };
  const special = SPECIAL[c];
  if (special !== undefined) return { kind: 'char', cp: special };
  if (!inClass) {
    if (c === 'A') return { kind: 'assert', assert: Assert.StartText };
    if (c === 'z') return { kind: 'assert', assert: Assert.EndText };
    if (c === 'b') return { kind: 'assert', assert: parseWordBoundary(cur) };
    if (c === 'B')
      return {
        kind: 'assert',
        assert: cur.flags.unicode ? Assert.NotWordBoundary : Assert.AsciiNotWordBoundary,
      };
    if (c === '<') return { kind: 'assert', assert: Assert.WordStart };
    if (c === '>') return { kind: 'assert', assert: Assert.WordEnd };
  }
  throw cur.error(`unrecognized escape \\${c}`);
}
