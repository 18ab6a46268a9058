/**
 * SHA-1 in plain TypeScript, for runtimes without `node:crypto` (browsers, edge workers). WebCrypto is
 * async only, and the engine must stay synchronous, so we carry our own. Only bucketing uses it; it is not
 * for anything security-related.
 */

let buffer = new Uint8Array(256);
const w = new Int32Array(80);

/** UTF-8 encodes `text` into the shared buffer (with room for SHA-1 padding) and returns its byte length. */
function encodeUtf8(text: string): number {
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

/** The five 32-bit words of SHA-1(UTF-8 of `text`). */
export function sha1Words(text: string): Uint32Array {
  const length = encodeUtf8(text);
  const padded = (((length + 8) >> 6) + 1) << 6;
  buffer[length] = 0x80;
  buffer.fill(0, length + 1, padded);
  const bits = length * 8;
  buffer[padded - 4] = bits >>> 24;
  buffer[padded - 3] = (bits >>> 16) & 255;
  buffer[padded - 2] = (bits >>> 8) & 255;
  buffer[padded - 1] = bits & 255;
  // Lengths beyond 2^32 bits do not occur for bucketing keys, so the upper length word stays 0.

  let h0 = 0x67452301;
  let h1 = 0xefcdab89;
  let h2 = 0x98badcfe;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0;
  for (let offset = 0; offset < padded; offset += 64) {
    for (let i = 0; i < 16; i++) {
      const j = offset + i * 4;
      w[i] = (buffer[j]! << 24) | (buffer[j + 1]! << 16) | (buffer[j + 2]! << 8) | buffer[j + 3]!;
    }
    for (let i = 16; i < 80; i++) {
      const x = w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!;
      w[i] = (x << 1) | (x >>> 31);
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    for (let i = 0; i < 80; i++) {
      let f: number;
      let k: number;
      if (i < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (i < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (i < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6;
      }
      const t = (((a << 5) | (a >>> 27)) + f + e + k + w[i]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
  }
  return Uint32Array.of(h0, h1, h2, h3, h4);
}

/** Lowercase hex digest, for tests and debugging. */
export function sha1Hex(text: string): string {
  let hex = '';
  for (const word of sha1Words(text)) hex += word.toString(16).padStart(8, '0');
  return hex;
}
