import type { Row } from './postgres-database.ts';

// Narrow the driver's values to domain types at the adapter edge; a schema drift fails loudly here.

export function str(row: Row, key: string): string {
  const v = row[key];
  if (typeof v !== 'string') throw new TypeError(`column ${key}: expected text, got ${typeof v}`);
  return v;
}

/** INTEGER arrives as a number, BIGINT as a string (the driver keeps 64-bit values exact). */
export function num(row: Row, key: string): number {
  const v = row[key];
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  throw new TypeError(`column ${key}: expected a number, got ${typeof v}`);
}

export function date(row: Row, key: string): Date {
  const v = row[key];
  if (!(v instanceof Date)) throw new TypeError(`column ${key}: expected a timestamp`);
  return v;
}

export const optionalStr = (row: Row, key: string): string | null => {
  const v = row[key];
  return v === null || v === undefined ? null : str(row, key);
};

export const optionalNum = (row: Row, key: string): number | null => {
  const v = row[key];
  return v === null || v === undefined ? null : num(row, key);
};

export const optionalDate = (row: Row, key: string): Date | null => {
  const v = row[key];
  return v === null || v === undefined ? null : date(row, key);
};

/**
 * Documents are stored in `json` columns (kept as written; `jsonb` would refuse a `\u0000` a user typed into a
 * description) and arrive parsed; dates travel inside them as ISO strings.
 */
export function document<T>(row: Row, key: string, dateFields: readonly string[]): T {
  const v = row[key];
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new TypeError(`column ${key}: expected a JSON object`);
  const doc = v as Record<string, unknown>;
  for (const field of dateFields) {
    const d = doc[field];
    if (typeof d === 'string') doc[field] = new Date(d);
  }
  return doc as T;
}

export const toDocument = (value: object): string => JSON.stringify(value);
