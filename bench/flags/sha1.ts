/**
 * The floor: one SHA-1 digest of a `flag-a.<distinct id>` key, through each backend: `node:crypto`
 * `createHash`, the engine's one-block path (what `evaluate` uses for keys up to 55 ASCII bytes), the
 * engine's general pure-TS SHA-1 (any length; browsers), and async WebCrypto awaited one at a time (what
 * posthog-node does). Also counts the digests Signpost's engine makes per evaluation.
 */
import crypto from 'node:crypto';
import { keyedHash, useNodeCryptoForEveryKey } from '../../packages/flags-engine/src/hash.ts';
import { hashKey } from '../../packages/flags-engine/src/hash-key.ts';
import { sha1Words } from '../../packages/flags-engine/src/sha1.ts';
import { type Measurement, measure } from './measure.ts';
import { FLAG_A, type User } from './workload.ts';

export async function sha1Floor(users: User[]): Promise<Measurement[]> {
  const inputs = users.map((u) => `${FLAG_A}.${u.distinctId}`);
  const sync = await measure('SHA-1 `createHash` (node:crypto)', 'digests/s', inputs.length, () => {
    let sum = 0;
    for (const text of inputs) sum += crypto.createHash('sha1').update(text, 'utf8').digest()[0]!;
    return sum;
  });
  const key = hashKey(`${FLAG_A}.`);
  const ids = users.map((u) => u.distinctId);
  const oneBlock = await measure(
    'SHA-1 engine one-block path (`keyedHash`, used by `evaluate`)',
    'digests/s',
    ids.length,
    () => {
      let sum = 0;
      for (const id of ids) sum += keyedHash(key, id);
      return sum;
    },
  );
  const general = await measure(
    'SHA-1 engine general pure TS (`sha1Words`)',
    'digests/s',
    inputs.length,
    () => {
      let sum = 0;
      for (const text of inputs) sum += sha1Words(text)[0]!;
      return sum;
    },
  );
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
  return [sync, oneBlock, general, webcrypto];
}

/**
 * Runs `work` with every engine key sent through `createHash`, counted; the engine reaches the same
 * module object via getBuiltinModule. The count is the same whichever backend hashes.
 */
export function countDigests(work: () => unknown): number {
  const original = crypto.createHash;
  let count = 0;
  const counting = ((...args: Parameters<typeof crypto.createHash>) => {
    count++;
    return original(...args);
  }) as typeof crypto.createHash;
  crypto.createHash = counting;
  if (!useNodeCryptoForEveryKey(true)) throw new Error('node:crypto is needed to count digests');
  try {
    work();
  } finally {
    useNodeCryptoForEveryKey(false);
    crypto.createHash = original;
  }
  return count;
}
