/**
 * A case-insensitive substring match, as the other adapters answer it. `%` and `_` a user types are literal
 * (escaped for `LIKE … ESCAPE '\'`), and lowering goes through an ICU collation: under the C locale PostgreSQL's
 * `lower()` folds ASCII only, so `É` would not find `é` as DuckDB's and JavaScript's lowering do.
 */
export const containsPattern = (search: string): string =>
  `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** `lower()` of a text expression with Unicode case folding. */
export const lowered = (expression: string): string => `lower(${expression} COLLATE "und-x-icu")`;
