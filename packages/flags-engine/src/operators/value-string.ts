/**
 * The flags service compares the "string representation" of values: a string as-is, anything else as
 * JSON (`1`, `1.5`, `true`, `null`, `[1,2]`). JavaScript cannot tell `1` from `1.0`, so integral floats
 * print as integers here; PostHog's definitions and SDKs send integers in practice.
 */
export function stringForm(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'null';
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    // Circular or BigInt values cannot come from JSON; compare them as their String().
    return String(value);
  }
}

const UPPER_ASCII_RUNS = /[A-Z]+/g;
const lower = (run: string) => run.toLowerCase();

/** The service folds only ASCII for substring, prefix and suffix operators (Rust `to_ascii_lowercase`). */
export function asciiLower(text: string): string {
  // Runs of A-Z lowercase to a-z and nothing else, so `toLowerCase` on them is ASCII-only folding.
  return text.replace(UPPER_ASCII_RUNS, lower);
}
