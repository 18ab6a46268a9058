import { LazyDfa } from './lazy-dfa.ts';
import { parseRegex } from './parse-regex.ts';
import { Assert, RegexSyntaxError } from './regex-ast.ts';
import { compileProgram } from './regex-program.ts';

/** A compiled pattern: `test` answers whether the text contains a match, in time linear in the text. */
export interface LinearRegex {
  test(text: string): boolean;
}

/** Why a pattern was refused, with the offset (in characters) where parsing stopped. */
export interface RegexRefusal {
  message: string;
  offset: number;
}

/**
 * Compiles a pattern with the syntax and meaning of Rust's `regex` crate (what PostHog's flags service
 * runs): no backreferences, no look-around, bounded size. Returns the refusal instead when the crate would
 * refuse the pattern or it exceeds the size bound.
 *
 * @example
 * const email = compileLinearRegex('^[^@]+@acme\\.com$');
 * if ('test' in email) email.test('bob@acme.com'); // true
 */
export function compileLinearRegex(pattern: string): LinearRegex | RegexRefusal {
  try {
    const program = compileProgram(parseRegex(pattern), Assert.StartText);
    const dfa = new LazyDfa(program);
    return { test: (text) => dfa.test(text) };
  } catch (error) {
    if (error instanceof RegexSyntaxError) return { message: error.message, offset: error.offset };
    throw error;
  }
}
