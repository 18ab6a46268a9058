import { describe, expect, it } from 'vitest';
import { KnownKeys } from './known-keys.ts';

describe('KnownKeys', () => {
  it('finds every key added, through many growths, and no key that was not', () => {
    const keys = new KnownKeys();
    for (let i = 0; i < 200_000; i++) keys.add(1, `user-${i}`);
    expect(keys.size).toBe(200_000);
    let missing = 0;
    for (let i = 0; i < 200_000; i++) if (!keys.mayContain(1, `user-${i}`)) missing += 1;
    expect(missing).toBe(0);
    let wrong = 0;
    for (let i = 200_000; i < 400_000; i++) if (keys.mayContain(1, `user-${i}`)) wrong += 1;
    for (let i = 0; i < 100_000; i++) if (keys.mayContain(2, `user-${i}`)) wrong += 1;
    expect(wrong).toBe(0);
  });

  it('counts a key added twice once, and tells apart keys that differ only in the project', () => {
    const keys = new KnownKeys();
    keys.add(1, 'a');
    keys.add(1, 'a');
    keys.add(2, 'a');
    keys.add(1, '');
    expect(keys.size).toBe(3);
    expect([keys.mayContain(1, ''), keys.mayContain(3, 'a'), keys.mayContain(1, 'b')]).toEqual([
      true,
      false,
      false,
    ]);
  });

  it('holds a million distinct ids in under 17 bytes each', () => {
    const keys = new KnownKeys();
    for (let i = 0; i < 1_000_000; i++)
      keys.add(1, `0190b6a2-${i.toString(16).padStart(8, '0')}-7000-8000-0000`);
    expect(keys.size).toBe(1_000_000);
    expect(keys.byteLength / keys.size).toBeLessThan(17);
  });
});
