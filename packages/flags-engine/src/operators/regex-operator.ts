import { stringForm } from './value-string.ts';

// Rust's regex crate has no look-around or backreferences; such patterns fail to compile on the server,
// which makes both `regex` and `not_regex` false. We reject them too so results agree.
const RUST_UNSUPPORTED = /\(\?<?[=!]|\\[1-9]|\\k</;

/** A `regex`/`not_regex` filter value as a RegExp; null when it does not compile (false for both). */
export function compileRegex(filterValue: unknown): RegExp | null {
  const pattern = stringForm(filterValue);
  if (RUST_UNSUPPORTED.test(pattern)) return null;
  try {
    return new RegExp(pattern, 'u');
  } catch {
    try {
      // Some valid Rust patterns (e.g. `\-` outside a class) are only rejected by JS in unicode mode.
      return new RegExp(pattern);
    } catch {
      return null;
    }
  }
}
