import type { HashKey } from './hash-key.ts';
import { hashKey } from './hash-key.ts';
import { digestEncoded, encodeUtf8 } from './sha1.ts';
import { compressBlock, createBlock, resetState } from './sha1-block.ts';

/**
 * PostHog's bucketing hash: the first 15 hex digits (60 bits) of SHA-1, divided by 0xFFFFFFFFFFFFFFF.
 * `int(hex[0:15], 16)` equals `word0 * 2^28 + (word1 >>> 4)`; that sum is exact before the single rounding
 * to float64, which is also what `parseInt(hex, 16)` does, so the floats are bit-identical without a hex
 * string or a BigInt (checked against PostHog's published consistency vectors in cases/).
 */
// biome-ignore lint/correctness/noPrecisionLoss: the rounded float64 of this 60-bit value is the spec.
const LONG_SCALE = 0xfffffffffffffff;
const TWO_POW_28 = 0x10000000;

/**
 * Up to this many UTF-8 bytes (six SHA-1 blocks) the pure-TS digest beats `createHash`, whose fixed cost
 * per digest (a Hash object, native calls, a Buffer) is about a microsecond; from the seventh block on,
 * the native block function wins (measured on Node 20). Bucketing keys (`<flag>.<id>`) almost always fit
 * one block.
 */
const PURE_MAX_BYTES = 6 * 64 - 9;

interface NodeCrypto {
  createHash(algorithm: string): { update(data: string, encoding: 'utf8'): { digest(): Uint8Array } };
}

interface MaybeNodeProcess {
  versions?: { node?: string };
  getBuiltinModule?: (id: string) => unknown;
}

/**
 * `getBuiltinModule` (Node >= 20.16) loads `node:crypto` synchronously without an import statement that
 * browser bundlers would try to resolve, and without top-level await.
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

/** Which SHA-1 implementation hashes keys longer than six blocks; shorter ones always use the pure one. */
export const hashBackend: 'node:crypto' | 'pure' = nodeCrypto ? 'node:crypto' : 'pure';

let everyKeyThroughNodeCrypto = false;

/**
 * @internal For benchmarks: hash every key with `createHash` (the engine's backend before the one-block
 * path) to measure what that path saves. Results are identical either way. Returns whether the switch
 * took effect: without `node:crypto` there is nothing to switch to.
 */
export function useNodeCryptoForEveryKey(on: boolean): boolean {
  everyKeyThroughNodeCrypto = on && nodeCrypto !== undefined;
  return everyKeyThroughNodeCrypto === on;
}

const block = createBlock();
const state = new Int32Array(5);

function head60Node(crypto: NodeCrypto, text: string): number {
  const d = crypto.createHash('sha1').update(text, 'utf8').digest();
  const w0 = ((d[0]! << 24) | (d[1]! << 16) | (d[2]! << 8) | d[3]!) >>> 0;
  const w1 = ((d[4]! << 24) | (d[5]! << 16) | (d[6]! << 8) | d[7]!) >>> 0;
  return w0 * TWO_POW_28 + (w1 >>> 4);
}

/**
 * Appends ASCII `text` to `block` at byte `at` (the word holding `at` already has the bytes before it and
 * zeros after) and returns the new length, or -1 when `text` has a non-ASCII code unit. Bytes go in a
 * word at a time once aligned; the caller keeps the total within one block (55 bytes).
 */
function packAscii(text: string, at: number): number {
  const n = text.length;
  let p = at;
  let i = 0;
  let seen = 0;
  let word = block[p >> 2]!;
  for (; i < n && (p & 3) !== 0; i++, p++) {
    const c = text.charCodeAt(i);
    seen |= c;
    word |= c << (24 - ((p & 3) << 3));
  }
  if ((p & 3) === 0) {
    if (p !== at) block[(p >> 2) - 1] = word;
    for (; i + 4 <= n; i += 4, p += 4) {
      const c0 = text.charCodeAt(i);
      const c1 = text.charCodeAt(i + 1);
      const c2 = text.charCodeAt(i + 2);
      const c3 = text.charCodeAt(i + 3);
      seen |= c0 | c1 | c2 | c3;
      block[p >> 2] = (c0 << 24) | (c1 << 16) | (c2 << 8) | c3;
    }
    word = 0;
    for (; i < n; i++, p++) {
      const c = text.charCodeAt(i);
      seen |= c;
      word |= c << (24 - ((p & 3) << 3));
    }
  }
  block[p >> 2] = word;
  return seen > 0x7f ? -1 : p;
}

/** Pads and compresses the single block whose `length` message bytes are already in `block`. */
function head60OfBlock(length: number): number {
  block[length >> 2]! |= 0x80 << (24 - ((length & 3) << 3));
  for (let j = (length >> 2) + 1; j < 15; j++) block[j] = 0;
  block[15] = length << 3;
  resetState(state);
  compressBlock(state, block);
  return (state[0]! >>> 0) * TWO_POW_28 + (state[1]! >>> 4);
}

/** The 60-bit head of SHA-1(UTF-8 of `text`), through the fastest backend for its length. */
function head60(text: string): number {
  if (everyKeyThroughNodeCrypto) return head60Node(nodeCrypto!, text);
  if (text.length <= 55) {
    block[0] = 0;
    const length = packAscii(text, 0);
    if (length >= 0) return head60OfBlock(length);
  }
  const length = encodeUtf8(text);
  if (length > PURE_MAX_BYTES && nodeCrypto) return head60Node(nodeCrypto, text);
  digestEncoded(length, state);
  return (state[0]! >>> 0) * TWO_POW_28 + (state[1]! >>> 4);
}

/**
 * The hash of `key.prefix + value + key.tail` in [0, 1]. The engine's hot path: an ASCII input of at most
 * 55 bytes is one SHA-1 block, packed straight from character codes after the prepared prefix words, with
 * no string built and nothing allocated; anything else takes the general path.
 */
export function keyedHash(key: HashKey, value: string): number {
  const start = key.headBytes;
  if (start + value.length + key.tail.length <= 55 && key.asciiTail && !everyKeyThroughNodeCrypto) {
    const head = key.head;
    for (let j = 0; j <= start >> 2; j++) block[j] = head[j]!;
    const length = packAscii(value, start);
    if (length >= 0) return head60OfBlock(packAscii(key.tail, length)) / LONG_SCALE;
  }
  return head60(key.prefix + value + key.tail) / LONG_SCALE;
}

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

const HOLDOUT_KEY = hashKey('holdout-');

/** Holdouts hash `holdout-<id>`: a dash and the fixed key "holdout", never the flag key. */
export function holdoutHash(bucketingValue: string): number {
  return keyedHash(HOLDOUT_KEY, bucketingValue);
}
