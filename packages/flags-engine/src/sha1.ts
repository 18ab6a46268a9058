/**
 * SHA-1 in plain TypeScript for any input length. Under Node the engine still prefers it for short keys
 * (see hash.ts); in browsers and edge workers, where WebCrypto is async only and the engine must stay
 * synchronous, it is the only backend. Only bucketing uses it; it is not for anything security-related.
 */
import { compressBlock, createBlock, resetState } from './sha1-block.ts';

let buffer = new Uint8Array(256);
const block = createBlock();
const scratch = new Int32Array(5);

/** UTF-8 encodes `text` into the shared buffer (with room for SHA-1 padding) and returns its byte length. */
export function encodeUtf8(text: string): number {
  const worstCase = text.length * 3 + 72;
  if (buffer.length < worstCase) buffer = new Uint8Array(worstCase * 2);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
      }
    }
    // Lone surrogates become U+FFFD, as TextEncoder and Node's Buffer do.
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) buffer[n++] = c;
    else if (c < 0x800) {
      buffer[n++] = 0xc0 | (c >> 6);
      buffer[n++] = 0x80 | (c & 63);
    } else if (c < 0x10000) {
      buffer[n++] = 0xe0 | (c >> 12);
      buffer[n++] = 0x80 | ((c >> 6) & 63);
      buffer[n++] = 0x80 | (c & 63);
    } else {
      buffer[n++] = 0xf0 | (c >> 18);
      buffer[n++] = 0x80 | ((c >> 12) & 63);
      buffer[n++] = 0x80 | ((c >> 6) & 63);
      buffer[n++] = 0x80 | (c & 63);
    }
  }
  return n;
}

/** A copy of the UTF-8 bytes of `text`. */
export function utf8Bytes(text: string): Uint8Array {
  return buffer.slice(0, encodeUtf8(text));
}

/**
 * SHA-1 of the first `length` bytes left in the shared buffer by `encodeUtf8`, into `state` (5 signed
 * words). Pads in place, so call it right after encoding.
 */
export function digestEncoded(length: number, state: Int32Array): void {
  const padded = (((length + 8) >> 6) + 1) << 6;
  buffer[length] = 0x80;
  buffer.fill(0, length + 1, padded);
  // Bucketing keys never reach 2^29 bytes, so the length's upper word stays 0 and `bits` fits 32 bits.
  const bits = length * 8;
  buffer[padded - 4] = bits >>> 24;
  buffer[padded - 3] = (bits >>> 16) & 255;
  buffer[padded - 2] = (bits >>> 8) & 255;
  buffer[padded - 1] = bits & 255;
  resetState(state);
  for (let offset = 0; offset < padded; offset += 64) {
    for (let i = 0; i < 16; i++) {
      const j = offset + i * 4;
      block[i] = (buffer[j]! << 24) | (buffer[j + 1]! << 16) | (buffer[j + 2]! << 8) | buffer[j + 3]!;
    }
    compressBlock(state, block);
  }
}

/** The five 32-bit words of SHA-1(UTF-8 of `text`). */
export function sha1Words(text: string): Uint32Array {
  digestEncoded(encodeUtf8(text), scratch);
  return Uint32Array.of(scratch[0]!, scratch[1]!, scratch[2]!, scratch[3]!, scratch[4]!);
}

/** Lowercase hex digest, for tests and debugging. */
export function sha1Hex(text: string): string {
  let hex = '';
  for (const word of sha1Words(text)) hex += word.toString(16).padStart(8, '0');
  return hex;
}
