import type { SqlValue } from '../../query/query-runner.ts';
import { clickHouseTime } from './clickhouse-rows.ts';

export interface ClickHouseStatement {
  query: string;
  params: Record<string, unknown>;
}

function typeOf(value: SqlValue): string {
  if (value === null) return 'Nullable(String)';
  if (value instanceof Date) return "DateTime64(6, 'UTC')";
  if (Array.isArray(value)) return 'Array(String)';
  switch (typeof value) {
    case 'number':
      return Number.isInteger(value) ? 'Int64' : 'Float64';
    case 'boolean':
      return 'Bool';
    default:
      return 'String';
  }
}

// A quoted literal (skipped whole, so text inside one is never rewritten) or a `$n` placeholder.
const TOKEN = /'(?:[^'\\]|\\.|'')*'|\$(\d+)(?!\d)/g;

/**
 * The compilers bind values as positional `$n`; ClickHouse takes typed `{name:Type}` parameters, sent apart
 * from the SQL text, so a value is never parsed as SQL here either. The type follows the bound JS value.
 */
export function toClickHouseParams(sql: string, values: readonly SqlValue[]): ClickHouseStatement {
  const params: Record<string, unknown> = {};
  const query = sql.replace(TOKEN, (token, index: string | undefined) => {
    if (index === undefined) return token;
    const position = Number(index) - 1;
    if (position < 0 || position >= values.length) throw new Error(`Statement uses unbound $${index}`);
    const value = values[position] as SqlValue;
    params[`p${index}`] = value instanceof Date ? clickHouseTime(value) : value;
    return `{p${index}:${typeOf(value)}}`;
  });
  return { query, params };
}
