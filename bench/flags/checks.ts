/** Result checks: Signpost vs posthog-node agreement, and per-system distributions as a sanity check. */
import { createHash } from 'node:crypto';
import type { FlagValue, System } from './measure.ts';
import { VARIANTS } from './workload.ts';

export interface Agreement {
  users: number;
  flagA: number;
  flagB: number;
  /** Users where either side gave no answer (inconclusive / undefined). */
  undecided: number;
  firstMismatch?: string;
}

export async function agreement(left: System, right: System, users: number): Promise<Agreement> {
  let flagA = 0;
  let flagB = 0;
  let undecided = 0;
  let firstMismatch: string | undefined;
  for (let i = 0; i < users; i++) {
    const [la, lb] = await left.values(i);
    const [ra, rb] = await right.values(i);
    if (la === undefined || lb === undefined || ra === undefined || rb === undefined) undecided++;
    if (la === ra) flagA++;
    if (lb === rb) flagB++;
    if ((la !== ra || lb !== rb) && !firstMismatch) {
      firstMismatch = `user #${i}: ${left.name} A=${la} B=${lb}; ${right.name} A=${ra} B=${rb}`;
    }
  }
  return { users, flagA: flagA / users, flagB: flagB / users, undecided, firstMismatch };
}

/** Share of users with flag A on, and flag B's variant split, e.g. `A on 44.1%, B 34/33/33`. */
export async function distribution(system: System, users: number): Promise<string> {
  let on = 0;
  const counts = new Map<FlagValue, number>();
  for (let i = 0; i < users; i++) {
    const [a, b] = await system.values(i);
    if (a === true) on++;
    counts.set(b, (counts.get(b) ?? 0) + 1);
  }
  const split = VARIANTS.map((v) => (((counts.get(v) ?? 0) / users) * 100).toFixed(1)).join(' / ');
  const other = users - VARIANTS.reduce((n, v) => n + (counts.get(v) ?? 0), 0);
  return `flag A on ${((on / users) * 100).toFixed(1)}%, flag B ${split}${other ? ` (+${other} other)` : ''}`;
}

export const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

/** A digest of every user's flag A and B values, to compare runs in different processes. */
export async function fingerprint(system: System, users: number): Promise<string> {
  const hash = createHash('sha1');
  for (let i = 0; i < users; i++) {
    const [a, b] = await system.values(i);
    hash.update(`${a}|${b};`);
  }
  return hash.digest('hex');
}
