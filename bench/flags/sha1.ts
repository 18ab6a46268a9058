/**
 * The floor: one SHA-1 digest of a `key.distinct_id` string, synchronously with `node:crypto` (what
 * Signpost's engine uses under Node), with the engine's pure-TS fallback, and with async WebCrypto awaited one at a time (what posthog-node does).
 * Also counts the digests Signpost's engine makes per evaluation, by wrapping `createHash` for one round.
 */
import crypto from 'node:crypto';
import { sha1Words } from '../../packages/flags-engine/src/sha1.ts';
import { type Measurement, measure } from './measure.ts';
import type { User } from './workload.ts';

export async function sha1Floor(users: User[]): Promise<Measurement[]> {
  const inputs = users.map((u) => `flag-a.${u.distinctId}`);
  const sync = await measure('SHA-1 `createHash` (node:crypto)', 'digests/s', inputs.length, () => {
    let sum = 0;
    for (const text of inputs) sum += crypto.createHash('sha1').update(text, 'utf8').digest()[0]!;
    return sum;
  });
  const pure = await measure('SHA-1 pure TS (engine `sha1Words`)', 'digests/s', inputs.length, () => {
    let sum = 0;
    for (const text of inputs) sum += sha1Words(text)[0]!;
    return sum;
  });
  const encoder = new TextEncoder();
  const webcrypto = await measure(
    'SHA-1 `crypto.subtle.digest` (awaited)',
    'digests/s',
    inputs.length,
    async () => {
      let sum = 0;
      for (const text of inputs) {
        const digest = await globalThis.crypto.subtle.digest('SHA-1', encoder.encode(text));
        sum += new Uint8Array(digest)[0]!;
      }
      return sum;
    },
  );
  return [sync, pure, webcrypto];
}

/** Runs `work` with `createHash` counted; the engine reaches the same module object via getBuiltinModule. */
export function countDigests(work: () => unknown): number {
  const original = crypto.createHash;
  let count = 0;
  const counting = ((...args: Parameters<typeof crypto.createHash>) => {
    count++;
    return original(...args);
  }) as typeof crypto.createHash;
  crypto.createHash = counting;
  try {
    work();
  } finally {
    crypto.createHash = original;
  }
  return count;
}
