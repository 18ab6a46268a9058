import type { CharTest } from './regex-ast.ts';

// Rust's `\d`, `\s`, `\w` (and `\b`) are Unicode-aware unless `(?-u)`: Nd digits, White_Space, and
// Alphabetic + marks + Nd + connector punctuation + Join_Control (UTS #18 Annex C). JavaScript's own
// `\d`/`\w` are ASCII-only and its `\s` differs (it has U+FEFF, lacks U+0085), so each is spelled out.
// These fixed one-character patterns cannot backtrack; they are the only RegExps the engine runs.
const UNICODE_DIGIT = /^\p{Nd}$/u;
const UNICODE_SPACE = /^\p{White_Space}$/u;
const UNICODE_WORD = /^[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}]$/u;

const isAsciiDigit = (cp: number) => cp >= 0x30 && cp <= 0x39;
const isAsciiWord = (cp: number) =>
  isAsciiDigit(cp) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || cp === 0x5f;
const isAsciiSpace = (cp: number) => cp === 0x20 || (cp >= 0x09 && cp <= 0x0d);

/** Rust's word character, for `\w` and the word-boundary assertions. */
export function isWordChar(cp: number): boolean {
  if (cp < 0x80) return isAsciiWord(cp);
  return UNICODE_WORD.test(String.fromCodePoint(cp));
}

export { isAsciiWord };

/** `\d \s \w` (lowercase letter) in Unicode or ASCII mode; the caller negates the uppercase forms. */
export function perlClass(letter: 'd' | 's' | 'w', unicode: boolean): CharTest {
  if (letter === 'w') return unicode ? isWordChar : isAsciiWord;
  const ascii = letter === 'd' ? isAsciiDigit : isAsciiSpace;
  if (!unicode) return ascii;
  const pattern = letter === 'd' ? UNICODE_DIGIT : UNICODE_SPACE;
  return (cp) => (cp < 0x80 ? ascii(cp) : pattern.test(String.fromCodePoint(cp)));
}

const inRanges =
  (...ranges: Array<[number, number]>): CharTest =>
  (cp) =>
    ranges.some(([lo, hi]) => cp >= lo && cp <= hi);

// POSIX classes inside brackets, `[[:alpha:]]`, always ASCII (as in Rust).
const ASCII_CLASSES: Record<string, CharTest> = {
  alnum: inRanges([0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]),
  alpha: inRanges([0x41, 0x5a], [0x61, 0x7a]),
  ascii: inRanges([0, 0x7f]),
  blank: inRanges([0x09, 0x09], [0x20, 0x20]),
  cntrl: inRanges([0, 0x1f], [0x7f, 0x7f]),
  digit: inRanges([0x30, 0x39]),
  graph: inRanges([0x21, 0x7e]),
  lower: inRanges([0x61, 0x7a]),
  print: inRanges([0x20, 0x7e]),
  punct: inRanges([0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]),
  space: inRanges([0x09, 0x0d], [0x20, 0x20]),
  upper: inRanges([0x41, 0x5a]),
  word: isAsciiWord,
  xdigit: inRanges([0x30, 0x39], [0x41, 0x46], [0x61, 0x66]),
};

export function asciiClass(name: string): CharTest | null {
  return Object.hasOwn(ASCII_CLASSES, name) ? (ASCII_CLASSES[name] ?? null) : null;
}

// Only names that cannot change the meaning of the wrapping pattern reach `new RegExp`.
const PROPERTY_NAME = /^[A-Za-z0-9_]+(=[A-Za-z0-9_]+)?$/;

function propertyPattern(body: string): RegExp | null {
  try {
    return new RegExp(`^\\p{${body}}$`, 'u');
  } catch {
    return null;
  }
}

/**
 * `\p{…}` by its Unicode name: a general category (`L`, `Lu`, `Letter`), a binary property (`Emoji`), a
 * script (`Greek`, or `Script=Greek`, `sc:Greek`). Rust also accepts loose spellings (`greek`,
 * `uppercase letter`); here the names are those of Unicode and JavaScript. Null when unknown.
 */
export function unicodeProperty(name: string): CharTest | null {
  const body = name.replace(/\s+/g, '').replace(':', '=');
  if (!PROPERTY_NAME.test(body)) return null;
  const pattern = propertyPattern(body) ?? (body.includes('=') ? null : propertyPattern(`Script=${body}`));
  if (pattern === null) return null;
  return (cp) => pattern.test(String.fromCodePoint(cp));
}

/** A set with its ASCII part precomputed: most property values are ASCII, and this skips the predicate. */
export function withAsciiTable(test: CharTest): CharTest {
  const table = new Uint8Array(128);
  for (let cp = 0; cp < 128; cp++) table[cp] = test(cp) ? 1 : 0;
  return (cp) => (cp < 128 ? table[cp] === 1 : test(cp));
}
