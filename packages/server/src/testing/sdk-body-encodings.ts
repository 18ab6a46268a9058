import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import lzString from 'lz-string';

// Test support for the fuzz suite: every way PostHog's SDKs put a JSON body on the wire for capture and
// `/flags` (compat notes §1.3, §1.8), and raw bytes under any of those labels.

export interface WireRequest {
  /** Path and query string. */
  path: string;
  init: RequestInit;
}

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const withQuery = (path: string, query: string) => `${path}${path.includes('?') ? '&' : '?'}${query}`;
const post = (body: BodyInit, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers,
  body,
});
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

const ENCODINGS = {
  json: (p: string, t: string) => ({ path: p, init: post(t, { 'content-type': 'application/json' }) }),
  textPlain: (p: string, t: string) => ({ path: p, init: post(t, { 'content-type': 'text/plain' }) }),
  gzipHeader: (p: string, t: string) => ({
    path: p,
    init: post(gzipSync(t), { 'content-encoding': 'gzip' }),
  }),
  gzipQuery: (p: string, t: string) => ({
    path: withQuery(p, 'compression=gzip-js'),
    init: post(gzipSync(t)),
  }),
  gzipMagic: (p: string, t: string) => ({ path: p, init: post(gzipSync(t)) }),
  lz64: (p: string, t: string) => ({
    path: withQuery(p, 'compression=lz64'),
    init: post(lzString.compressToBase64(t)),
  }),
  lz64Form: (p: string, t: string) => ({
    path: withQuery(p, 'compression=lz64'),
    init: post(`data=${encodeURIComponent(lzString.compressToBase64(t))}`, FORM),
  }),
  base64: (p: string, t: string) => ({ path: p, init: post(base64(t)) }),
  formBase64: (p: string, t: string) => ({
    path: p,
    init: post(`data=${encodeURIComponent(base64(t))}`, FORM),
  }),
  formJson: (p: string, t: string) => ({ path: p, init: post(`data=${encodeURIComponent(t)}`, FORM) }),
  getData: (p: string, t: string) => ({
    path: withQuery(p, `data=${encodeURIComponent(base64(t))}`),
    init: { method: 'GET' },
  }),
} satisfies Record<string, (path: string, text: string) => WireRequest>;

export type EncodingName = keyof typeof ENCODINGS;
export const ENCODING_NAMES = Object.keys(ENCODINGS) as EncodingName[];

export const encode = (name: EncodingName, path: string, text: string): WireRequest =>
  ENCODINGS[name](path, text);

/** Bytes that are not what their labels claim: garbage, truncated gzip, JSON under an lz64 flag. */
export const garbageRequest = (paths: readonly string[]): fc.Arbitrary<WireRequest> =>
  fc
    .record({
      path: fc.constantFrom(...paths),
      bytes: fc.oneof(
        fc.uint8Array({ maxLength: 2_000 }),
        fc.uint8Array({ maxLength: 500 }).map((b) => Buffer.concat([Buffer.from([0x1f, 0x8b]), b])),
        fc.uint8Array({ minLength: 1, maxLength: 200 }).map((b) => gzipSync(b).subarray(0, b.length)),
        fc.string({ unit: 'binary', maxLength: 300 }).map((s) => Buffer.from(`data=${s}`)),
        fc.string({ maxLength: 300 }).map((s) => Buffer.from(`{"batch":[${s}`)),
      ),
      compression: fc.constantFrom(undefined, 'gzip', 'gzip-js', 'lz64', 'LZ64', 'base64', 'br', ''),
      contentType: fc.constantFrom(
        undefined,
        'application/json',
        'application/x-www-form-urlencoded',
        'text/plain',
        'multipart/form-data',
      ),
      contentEncoding: fc.constantFrom(undefined, 'gzip', 'deflate', 'x-gzip, br'),
    })
    .map(({ path, bytes, compression, contentType, contentEncoding }) => {
      const headers: Record<string, string> = {};
      if (contentType) headers['content-type'] = contentType;
      if (contentEncoding) headers['content-encoding'] = contentEncoding;
      return {
        path: compression === undefined ? path : withQuery(path, `compression=${compression}`),
        init: post(bytes, headers),
      };
    });
