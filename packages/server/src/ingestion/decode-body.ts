import { gunzipSync } from 'node:zlib';
import { AppError } from '../errors/app-error.ts';
import { decompressLz64 } from './lz64.ts';

export interface EncodedBody {
  bytes: Uint8Array;
  contentType: string | undefined;
  contentEncoding: string | undefined;
  /** `compression` query parameter, if any. */
  compression: string | undefined;
  /** `data` query parameter of GET requests (old posthog-js pixel/GET capture). */
  queryData: string | undefined;
  /** Decompressed bodies bigger than this are refused (a gzip bomb would otherwise fill memory). */
  maxDecodedBytes: number;
}

const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

function gunzip(bytes: Uint8Array, max: number): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: max });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
      throw new AppError('PAYLOAD_TOO_LARGE', `The decompressed body is larger than ${max} bytes.`);
    }
    throw new AppError(
      'INVALID_COMPRESSION',
      'The body looks gzip-compressed but could not be decompressed.',
    );
  }
}

/** Form bodies turn '+' into ' ' and some clients drop padding; PostHog repairs both, and so do we. */
function decodeBase64(text: string): string {
  const cleaned = text.trim().replace(/ /g, '+');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(cleaned)) {
    throw new AppError('INVALID_PAYLOAD', 'The body is neither JSON nor base64-encoded JSON.');
  }
  return Buffer.from(cleaned, 'base64').toString('utf8');
}

function formData(text: string): string | undefined {
  if (!text.startsWith('data=') && !text.includes('&data=')) return undefined;
  return new URLSearchParams(text).get('data') ?? undefined;
}

const looksLikeJson = (text: string) => /^\s*[[{]/.test(text);

// Python's json and some old clients emit NaN/Infinity, which JSON.parse rejects; PostHog reads them as null.
function parseLenient(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const repaired = text.replace(/([:,[]\s*)-?(?:NaN|Infinity)(\s*[,}\]])/g, '$1null$2');
    try {
      return JSON.parse(repaired);
    } catch {
      throw new AppError('INVALID_JSON', 'The body is not valid JSON.');
    }
  }
}

/**
 * Turns any body PostHog's capture accepts into JSON (compat notes §1.3, §1.8): gzip by query, header or magic
 * bytes; lz64; `data=` form bodies; base64; plain JSON.
 */
export function decodeBody(body: EncodedBody): unknown {
  let bytes: Uint8Array = body.bytes;
  let text: string | undefined;
  if (bytes.length === 0) {
    if (!body.queryData) throw new AppError('EMPTY_BODY', 'The request has no body and no data= parameter.');
    text = body.queryData;
  }
  const compression = body.compression?.toLowerCase();
  if (
    text === undefined &&
    (compression === 'gzip' ||
      compression === 'gzip-js' ||
      body.contentEncoding?.toLowerCase().includes('gzip') ||
      isGzip(bytes))
  ) {
    bytes = gunzip(bytes, body.maxDecodedBytes);
  }
  text ??= Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const form = body.contentType?.includes('application/x-www-form-urlencoded') || text.startsWith('data=');
  if (form) text = formData(text) ?? text;
  if (compression === 'lz64') {
    text = decompressLz64(text, body.maxDecodedBytes);
  } else if (!looksLikeJson(text)) {
    if (text.trim() === '') throw new AppError('EMPTY_BODY', 'The request body is empty.');
    text = decodeBase64(text);
  }
  if (!looksLikeJson(text)) throw new AppError('INVALID_JSON', 'The body is not valid JSON.');
  return parseLenient(text);
}
