// Rust's `(?i)` uses Unicode simple case folding: a character matches every character of its fold class
// (k, K and the Kelvin sign K; s, S and the long s ſ). JavaScript exposes no fold table, so the classes are
// derived once from toUpperCase/toLowerCase: two characters are equivalent when lower(upper(c)) agrees.
// Dotless ı is the one character where that rule disagrees with CaseFolding.txt (it has no simple fold).
const NO_SIMPLE_FOLD = new Set([0x131]);
// Every cased character sits below this (the last case pair is Adlam, U+1E900–U+1E943).
const LAST_CASED = 0x1e943;

let classes: Map<number, readonly number[]> | null = null;

function single(text: string): number | null {
  const cp = text.codePointAt(0);
  return cp !== undefined && text.length === (cp > 0xffff ? 2 : 1) ? cp : null;
}

function foldKey(cp: number): number {
  if (NO_SIMPLE_FOLD.has(cp)) return cp;
  const upper = single(String.fromCodePoint(cp).toUpperCase()) ?? cp;
  return single(String.fromCodePoint(upper).toLowerCase()) ?? upper;
}

// Built on the first case-insensitive pattern only (about 130k characters, a few milliseconds).
function foldClasses(): Map<number, readonly number[]> {
  if (classes !== null) return classes;
  const byKey = new Map<number, number[]>();
  for (let cp = 0; cp <= LAST_CASED; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const key = foldKey(cp);
    const members = byKey.get(key);
    if (members) members.push(cp);
    else byKey.set(key, [cp]);
  }
  classes = new Map();
  for (const members of byKey.values()) {
    if (members.length < 2) continue;
    for (const cp of members) classes.set(cp, members);
  }
  return classes;
}

/** The characters case-equivalent to `cp`, itself included. */
export function caseVariants(cp: number): readonly number[] {
  return foldClasses().get(cp) ?? [cp];
}

/** The set closed under simple case folding: it holds a character when it holds any of its variants. */
export function caseInsensitive(test: (cp: number) => boolean): (cp: number) => boolean {
  const table = foldClasses();
  return (cp) => {
    if (test(cp)) return true;
    const variants = table.get(cp);
    if (variants === undefined) return false;
    for (const v of variants) if (v !== cp && test(v)) return true;
    return false;
  };
}
