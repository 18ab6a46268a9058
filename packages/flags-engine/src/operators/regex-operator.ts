import { compileLinearRegex, type LinearRegex } from '../regex/linear-regex.ts';
import { stringForm } from './value-string.ts';

/**
 * A `regex`/`not_regex` filter value, compiled once per flag; null when it does not compile (false for
 * both operators). PostHog's flags service uses Rust's `regex` crate, so the syntax and meaning are that
 * crate's, and matching is linear in the property value: a stored property cannot stall evaluation.
 */
export function compileRegex(filterValue: unknown): LinearRegex | null {
  const compiled = compileLinearRegex(stringForm(filterValue));
  return 'test' in compiled ? compiled : null;
}
