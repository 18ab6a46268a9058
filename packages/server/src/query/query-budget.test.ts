import { describe, expect, it } from 'vitest';
import { QueryBudget } from './query-budget.ts';

describe('QueryBudget', () => {
  it('takes cells until the limit and refuses the one past it with advice', () => {
    const budget = new QueryBudget({ maxCells: 10, timeoutMs: 1000 });
    budget.reserve(6, 'narrow it');
    budget.predict(4, 'narrow it');
    expect(() => budget.predict(5, 'narrow it')).toThrow(/narrow it/);
    budget.reserve(4, 'narrow it');
    expect(budget.remainingCells).toBe(0);
    expect(() => budget.reserve(1, 'narrow it')).toThrowError(
      expect.objectContaining({ code: 'RESULT_TOO_LARGE', status: 400 }),
    );
  });

  it('passes the deadline to statements and checks it in loops every 1024 iterations', () => {
    let now = 0;
    const budget = new QueryBudget({ maxCells: 10, timeoutMs: 100 }, () => now);
    now = 40;
    expect(budget.remainingMs).toBe(60);
    now = 101;
    expect(budget.remainingMs).toBe(1);
    expect(() => budget.tick(1)).not.toThrow();
    expect(() => budget.tick(1024)).toThrowError(
      expect.objectContaining({ code: 'QUERY_TIMEOUT', status: 504 }),
    );
    expect(() => budget.check()).toThrowError(expect.objectContaining({ code: 'QUERY_TIMEOUT' }));
  });
});
