import { PosthogSourceError } from './posthog-source-error.ts';

// PostHog's answers arrive as `unknown`; these read them without trusting their shape.

export type JsonObject = Record<string, unknown>;

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** One page of a DRF list: `{results, next}`; some endpoints (group types) answer a bare array. */
export interface Page {
  results: JsonObject[];
  next: string | null;
}

export function pageOf(value: unknown, what: string): Page {
  if (Array.isArray(value)) return { results: value.filter(isObject), next: null };
  if (!isObject(value) || !Array.isArray(value.results)) {
    throw new PosthogSourceError('POSTHOG_BAD_RESPONSE', `${what} is not a list page ({results, next})`);
  }
  return {
    results: value.results.filter(isObject),
    next: typeof value.next === 'string' && value.next !== '' ? value.next : null,
  };
}

export const numberOf = (value: unknown): number | null =>
  typeof value === 'number' && Number.isInteger(value) ? value : null;

export const stringOf = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Copies the listed fields that are present, leaving out everything PostHog computes or owns. */
export function pick(source: JsonObject, fields: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const field of fields) {
    if (Object.hasOwn(source, field) && source[field] !== undefined) out[field] = source[field];
  }
  return out;
}
