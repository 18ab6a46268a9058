import { sha1Words } from './sha1.ts';

/**
 * PostHog's bucketing hash: the first 15 hex digits (60 bits) of SHA-1, divided by 0xFFFFFFFFFFFFFFF.
 * `int(hex[0:15], 16)` equals `word0 * 2^28 + (word1 >>> 4)`; that sum is exact before the single rounding
 * to float64, which is also what `parseInt(hex, 16)` does, so the floats are bit-identical without a hex
 * string or a BigInt (checked against PostHog's published consistency vectors in cases/).
 */
// biome-ignore lint/correctness/noPrecisionLoss: the rounded float64 of this 60-bit value is the spec.
const LONG_SCALE = 0xfffffffffffffff;
const TWO_POW_28 = 0x10000000;

interface NodeCrypto {
  createHash(algorithm: string): { update(data: string, encoding: 'utf8'): { digest(): Uint8Array } };
}

interface MaybeNodeProcess {
  versions?: { node?: string };
  getBuiltinModule?: (id: string) => unknown;
}

/**
 * Picked once at load: `node:crypto` hashes ~50x faster than our pure SHA-1. `getBuiltinModule`
 * (Node >= 20.16) loads it synchronously without an import statement that browser bundlers would try to
 * resolve, and without top-level await.
 */
function loadNodeCrypto(): NodeCrypto | undefined {
  const proc = (globalThis as { process?: MaybeNodeProcess }).process;
  if (!proc?.versions?.node || typeof proc.getBuiltinModule !== 'function') return undefined;
  try {
    return proc.getBuiltinModule('node:crypto') as NodeCrypto | undefined;
  } catch {
    return undefined;
  }
}

const nodeCrypto = loadNodeCrypto();

function head60Node(crypto: NodeCrypto, text: string): number {
  const d = crypto.createHash('sha1').update(text, 'utf8').digest();
  const w0 = ((d[0]! << 24) | (d[1]! << 16) | (d[2]! << 8) | d[3]!) >>> 0;
  const w1 = ((d[4]! << 24) | (d[5]! << 16) | (d[6]! << 8) | d[7]!) >>> 0;
  return w0 * TWO_POW_28 + (w1 >>> 4);
}

function head60Pure(text: string): number {
  const words = sha1Words(text);
  return words[0]! * TWO_POW_28 + (words[1]! >>> 4);
}

const head60: (text: string) => number = nodeCrypto ? (text) => head60Node(nodeCrypto, text) : head60Pure;

/** Which SHA-1 implementation this runtime uses. */
export const hashBackend: 'node:crypto' | 'pure' = nodeCrypto ? 'node:crypto' : 'pure';

/** A float in [0, 1] for `sha1(text)`: the raw form, for callers that build their own input. */
export function hashText(text: string): number {
  return head60(text) / LONG_SCALE;
}

/** `hash(key, id, salt)` from PostHog: rollout uses no salt, variants use `"variant"`. */
export function flagHash(flagKey: string, bucketingValue: string, salt = ''): number {
  // The flags service gives an empty identifier the hash 0 rather than hashing "key.".
  if (bucketingValue === '') return 0;
  return head60(`${flagKey}.${bucketingValue}${salt}`) / LONG_SCALE;
}

/** Holdouts hash `holdout-<id>`: a dash and the fixed key "holdout", never the flag key. */
export function holdoutHash(bucketingValue: string): number {
  return head60(`holdout-${bucketingValue}`) / LONG_SCALE;
}
