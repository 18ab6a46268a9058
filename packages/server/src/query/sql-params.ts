import type { SqlValue } from './query-runner.ts';

/** Collects bound values while SQL text is built, so nothing a user sends is ever spliced into SQL. */
export class SqlParams {
  readonly values: SqlValue[] = [];

  bind(value: SqlValue): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
