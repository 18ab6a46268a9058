import { DuckDBTimestampValue } from '@duckdb/node-api';
import type { Properties } from '../../events/event.ts';
import type { Row } from './duckdb-database.ts';

// Narrow DuckDB's JS values to domain types at the adapter edge; a schema drift fails loudly here.

export function str(row: Row, key: string): string {
  const v = row[key];
  if (typeof v !== 'string') throw new TypeError(`column ${key}: expected text, got ${typeof v}`);
  return v;
}

export function num(row: Row, key: string): number {
  const v = row[key];
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  throw new TypeError(`column ${key}: expected a number, got ${typeof v}`);
}

export function bool(row: Row, key: string): boolean {
  return row[key] === true;
}

export function date(row: Row, key: string): Date {
  const v = row[key];
  if (!(v instanceof Date)) throw new TypeError(`column ${key}: expected a timestamp`);
  return v;
}

export function props(row: Row, key: string): Properties {
  const v = row[key];
  if (typeof v !== 'string') return {};
  const parsed: unknown = JSON.parse(v);
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
    ? (parsed as Properties)
    : {};
}

export function strings(row: Row, key: string): string[] {
  const v = row[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function timestampValue(d: Date): DuckDBTimestampValue {
  return new DuckDBTimestampValue(BigInt(d.getTime()) * 1000n);
}
