import type { Context } from 'hono';
import { AppError } from '../errors/app-error.ts';
import { bodyLimitOf } from './body-limit.ts';
import { exceedsJsonDepth } from './json-depth.ts';
import { readBody } from './read-body.ts';

/** Deeper than any filter tree, query or payload a person writes; shallow enough for every recursive walk. */
export const MAX_JSON_DEPTH = 64;

/** The request body as text, read through the one bounded reader under the request's body limit. */
export async function readText(c: Context): Promise<string> {
  const bytes = await readBody(c.req.raw, bodyLimitOf(c.req.raw));
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** Parses an already decoded JSON text, refusing bodies nested deeper than `maxDepth` with `400 JSON_TOO_DEEP`. */
export function parseJsonText(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('INVALID_BODY', 'The request body must be a JSON object.');
  }
  if (exceedsJsonDepth(json, maxDepth)) throw jsonTooDeep(maxDepth);
  return json;
}

export const jsonTooDeep = (maxDepth: number): AppError =>
  new AppError('JSON_TOO_DEEP', `The JSON body nests deeper than ${maxDepth} levels.`);

/** The request body as JSON: bounded in bytes (413) and depth (400) before any code walks it. */
export async function readJson(c: Context, maxDepth = MAX_JSON_DEPTH): Promise<unknown> {
  return parseJsonText(await readText(c), maxDepth);
}
