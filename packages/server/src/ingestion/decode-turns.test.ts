import { describe, expect, it } from 'vitest';
import { DecodeTurns } from './decode-turns.ts';

describe('DecodeTurns', () => {
  it('grants turns in arrival order, one per pass of the event loop', async () => {
    const turns = new DecodeTurns();
    let passes = 0;
    let ticking = true;
    const tick = () => {
      passes++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const seen: { who: number; pass: number }[] = [];
    await Promise.all(
      [0, 1, 2, 3].map(async (who) => {
        await turns.next();
        seen.push({ who, pass: passes });
      }),
    );
    ticking = false;
    expect(seen.map((s) => s.who)).toEqual([0, 1, 2, 3]);
    // A turn per pass: the ticker, which runs once per pass, moved between any two turns.
    for (let i = 1; i < seen.length; i++) expect(seen[i]?.pass).toBeGreaterThan(seen[i - 1]?.pass ?? 0);
  });

  it('keeps granting turns to callers that arrive later', async () => {
    const turns = new DecodeTurns();
    await turns.next();
    await turns.next();
    const late = await Promise.race([
      turns.next().then(() => 'granted'),
      new Promise((resolve) => setTimeout(() => resolve('stuck'), 200)),
    ]);
    expect(late).toBe('granted');
  });
});
