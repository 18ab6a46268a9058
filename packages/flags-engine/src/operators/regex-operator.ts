import { stringForm } from './value-string.ts';

// Rust's regex crate has no look-around or backreferences; such patterns fail to compile on the server,
// which makes both `regex` and `not_regex` false. We reject them too so results agree.
const RUST_UNSUPPORTED = /\(\?<?[=!]|\\[1-9]|\\k</;
const MAX_CACHED = 500;
const compiled = new Map<string, RegExp | null>();

function compile(pattern: string): RegExp | null {
  let regex = compiled.get(pattern);
  if (regex !== undefined) return regex;
  try {
    regex = RUST_UNSUPPORTED.test(pattern) ? null : new RegExp(pattern, 'u');
  } catch {
    try {
      // Some valid Rust patterns (e.g. `\-` outside a class) are only rejected by JS in unicode mode.
      regex = new RegExp(pattern);
    } catch {
      regex = null;
    }
  }
  // A memo, not state: the same pattern always compiles to the same thing.
  if (compiled.size >= MAX_CACHED) compiled.clear();
  compiled.set(pattern, regex);
  return regex;
}

/** Unanchored search on the string form. Null: the pattern does not compile (false for both operators). */
export function regexMatch(filterValue: unknown, propertyValue: unknown): boolean | null {
  const regex = compile(stringForm(filterValue));
  if (regex === null) return null;
  return regex.test(stringForm(propertyValue));
}
