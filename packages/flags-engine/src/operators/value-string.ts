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

const UPPER_ASCII = /[A-Z]/;

/** The service folds only ASCII for substring, prefix and suffix operators (Rust `to_ascii_lowercase`). */
export function asciiLower(text: string): string {
  if (!UPPER_ASCII.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out += c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : text[i];
  }
  return out;
}
