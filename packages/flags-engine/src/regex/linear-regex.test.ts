import { describe, expect, it } from 'vitest';
import { compileLinearRegex, type LinearRegex } from './linear-regex.ts';

function compiled(pattern: string): LinearRegex {
  const result = compileLinearRegex(pattern);
  if (!('test' in result)) throw new Error(`refused ${pattern}: ${result.message}`);
  return result;
}

describe('Rust regex syntax', () => {
  // Each pattern here compiles with Rust's regex crate; the expectations follow its documented meaning.
  it.each([
    ['^[a-z]+@acme\\.com$', 'bob@acme.com', true],
    ['(?i)ACME', 'bob@acme.com', true],
    ['(?i:a)b', 'Ab', true],
    ['(?i:a)b', 'AB', false],
    ['a(?i)b|c', 'aB', true],
    ['a(?i)b|c', 'C', true], // flags last to the end of the group, across `|`
    ['(?P<user>\\w+)@(?<host>\\w+)', 'x@y', true],
    ['\\d+', '٣', true], // Unicode digits
    ['\\w', 'é', true],
    ['\\bcat\\b', 'a cat!', true],
    ['\\bcat\\b', 'concat', false],
    ['\\Bcat', 'concat', true],
    ['\\<cat\\>', 'the cat', true],
    ['\\b{start}cat\\b{end}', 'cat', true],
    ['\\Aabc\\z', 'abc', true],
    ['^b$', 'a\nb\nc', false],
    ['(?m)^b$', 'a\nb\nc', true],
    ['(?m)^b$', 'a\r\nb\r\nc', false],
    ['(?mR)^b$', 'a\r\nb\r\nc', true],
    ['a.c', 'a\rc', true], // `.` excludes only \n
    ['a.c', 'a\nc', false],
    ['(?s)a.c', 'a\nc', true],
    ['[]a]', ']', true], // `]` first in a class is a literal
    ['[^]a]', 'b', true],
    ['[a-]', '-', true],
    ['[[:digit:]]', '7', true],
    ['[[:^alpha:]]', 'x', false],
    ['[a-z&&[^aeiou]]', 'e', false],
    ['[a-z&&[^aeiou]]', 'x', true],
    ['[a-z--b]', 'b', false],
    ['[a-c~~b-d]', 'b', false],
    ['[a-c~~b-d]', 'd', true],
    ['[a[bc]]', 'c', true],
    ['\\pL', 'ж', true],
    ['\\p{Greek}', 'λ', true],
    ['\\P{Greek}', 'λ', false],
    ['\\p{^Greek}', 'a', true],
    ['\\x41\\x{42}\\u0043\\U00000044', 'ABCD', true],
    ['\\-\\@\\!\\/', '-@!/', true], // superfluous escapes of ASCII punctuation
    ['(?x) a b # comment', 'ab', true],
    ['(?x)a\\ b', 'a b', true],
    ['a**', 'aaa', true], // a repeated repetition is legal in Rust
    ['\\b{2}x', 'x', true],
    ['x{2,3}?', 'xx', true],
    ['(?i)k', '\u212a', true], // simple case folding: the Kelvin sign folds to k
    ['(?i)s', 'ſ', true],
    ['(?i)i', 'ı', false],
    ['(?i)[^k]', 'K', false],
    ['', 'anything', true],
    ['a|', 'b', true],
    ['()', '', true],
    ['😀+', 'x😀😀', true],
    ['^.$', '😀', true], // one character, not one UTF-16 unit
  ])('%s on %j → %s', (pattern, text, expected) => {
    expect(compiled(pattern).test(text)).toBe(expected);
  });

  it.each([
    ['(', 'unclosed group'],
    [')', 'unopened group'],
    ['(?=a)', 'look-ahead'],
    ['(?!a)', 'negative look-ahead'],
    ['(?<=a)b', 'look-behind'],
    ['(?<!a)b', 'negative look-behind'],
    ['(a)\\1', 'backreference'],
    ['\\k<n>', 'named backreference'],
    ['\\0', 'octal / backreference'],
    ['*a', 'repetition of nothing'],
    ['(?i)*', 'repetition of flags'],
    ['a{', 'unclosed counted repetition'],
    ['a{,3}', 'missing minimum'],
    ['a{3,2}', 'reversed range'],
    ['{}', 'counted repetition of nothing'],
    ['[a', 'unclosed class'],
    ['[]', 'unclosed class (`]` first is a literal)'],
    ['[z-a]', 'reversed class range'],
    ['[\\b]', 'assertion in a class'],
    ['\\e', 'unknown escape'],
    ['\\<\\', 'trailing backslash'],
    ['\\é', 'non-ASCII escape'],
    ['(?P<n>a)(?P<n>b)', 'duplicate name'],
    ['(?P<>a)', 'empty name'],
    ['(?P<1a>a)', 'name starting with a digit'],
    ['(?)', 'empty flags'],
    ['(?q)', 'unknown flag'],
    ['(?i-)', 'dangling negation'],
    ['(?ii)', 'repeated flag'],
    ['\\p{NotAProperty}', 'unknown Unicode class'],
    ['\\p{L|(a+)+$}', 'not a class name'],
    ['\\xZZ', 'bad hex'],
    ['\\x{D800}', 'surrogate'],
    ['\\b{middle}', 'unknown word boundary'],
    ['a++', 'possessive: legal as a repeated repetition'],
  ])('%s is refused (%s)', (pattern, why) => {
    const result = compileLinearRegex(pattern);
    if (why.startsWith('possessive')) expect('test' in result).toBe(true);
    else expect('test' in result, why).toBe(false);
  });

  it('refuses patterns whose program would exceed the size bound, and nests beyond 250', () => {
    expect('test' in compileLinearRegex('a{3000}')).toBe(true);
    expect('test' in compileLinearRegex('a{5000}')).toBe(false);
    expect('test' in compileLinearRegex('((a{100}){100}){100}')).toBe(false);
    expect('test' in compileLinearRegex(`${'('.repeat(300)}a${')'.repeat(300)}`)).toBe(false);
    expect('test' in compileLinearRegex(`${'('.repeat(200)}a${')'.repeat(200)}`)).toBe(true);
  });
});

describe('hostile patterns', () => {
  // Each of these takes seconds to centuries with a backtracking engine on such inputs.
  const long = 'a'.repeat(100_000);
  it.each([
    ['^(a+)+$', `${long}!`, false],
    ['(a|a)*b', long, false],
    ['(.*a){20}$', `${long}b`, false],
    ['(a*)*$x', long, false],
    ['^(\\w+\\s?)*$', `${long}!`, false],
    ['(x+x+)+y', 'x'.repeat(100_000), false],
    ['(?i)^(a|A)+$', `${long.toUpperCase()}!`, false],
    ['(.*a){20}', long, true],
  ])('%s on 100k characters answers in milliseconds', (pattern, text, expected) => {
    const regex = compiled(pattern);
    const started = performance.now();
    expect(regex.test(text)).toBe(expected);
    // Cold (JIT warm-up included) on a shared machine: generous, and still ~1000× under backtracking.
    expect(performance.now() - started).toBeLessThan(250);
  });
});
