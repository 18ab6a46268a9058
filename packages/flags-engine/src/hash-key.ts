import { utf8Bytes } from './sha1.ts';

/**
 * A bucketing hash input `prefix + value + tail` with the fixed parts prepared once per flag: the prefix
 * (`<flag key>.` or `holdout-`) already packed into SHA-1 block words, so hashing a value copies 16 words
 * and packs only the value's and the tail's characters, without building the string.
 */
export interface HashKey {
  readonly prefix: string;
  /** The salt after the value: `""` for rollouts, `"variant"` for variants. */
  readonly tail: string;
  /** The prefix's UTF-8 bytes packed big-endian into a block (zeros after); unused past 55 bytes. */
  readonly head: Int32Array;
  readonly headBytes: number;
  /** Whether the tail is ASCII, so its characters are its bytes. */
  readonly asciiTail: boolean;
}

export function hashKey(prefix: string, tail = ''): HashKey {
  const bytes = utf8Bytes(prefix);
  const head = new Int32Array(16);
  if (bytes.length <= 55) {
    for (let i = 0; i < bytes.length; i++) head[i >> 2]! |= bytes[i]! << (24 - ((i & 3) << 3));
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point.
  const asciiTail = /^[\x00-\x7f]*$/.test(tail);
  return { prefix, tail, head, headBytes: bytes.length, asciiTail };
}
