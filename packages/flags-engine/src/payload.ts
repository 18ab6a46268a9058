import { ownValue } from './own-value.ts';
import type { FlagDefinition } from './types.ts';

export interface ResolvedPayload {
  payload: unknown;
  payloadRaw: string | undefined;
}

const NONE: ResolvedPayload = Object.freeze({ payload: undefined, payloadRaw: undefined });

// Parsed payloads that are immutable (numbers, strings, booleans, null), by their JSON text. Objects and
// arrays are parsed on every call so no caller can change what another one receives.
const MAX_CACHED = 500;
const primitives = new Map<string, ResolvedPayload>();

function parsed(raw: string): ResolvedPayload {
  const cached = primitives.get(raw);
  if (cached) return cached;
  let resolved: ResolvedPayload;
  try {
    resolved = { payload: JSON.parse(raw), payloadRaw: raw };
  } catch {
    resolved = { payload: raw, payloadRaw: raw };
  }
  if (typeof resolved.payload !== 'object' || resolved.payload === null) {
    if (primitives.size >= MAX_CACHED) primitives.clear();
    primitives.set(raw, resolved);
  }
  return resolved;
}

/**
 * `filters.payloads[variant or "true"]`. PostHog stores payloads as JSON-encoded strings and the SDKs parse
 * them; a string that is not valid JSON is returned as-is (as `parsePayload` in posthog-js core does).
 * Old definitions sometimes hold an already-decoded value, which is passed through.
 */
export function resolvePayload(flag: FlagDefinition, value: boolean | string): ResolvedPayload {
  if (value === false) return NONE;
  const raw = ownValue(flag.filters.payloads, value === true ? 'true' : value);
  if (raw == null) return NONE;
  if (typeof raw !== 'string') return { payload: raw, payloadRaw: JSON.stringify(raw) };
  return parsed(raw);
}
