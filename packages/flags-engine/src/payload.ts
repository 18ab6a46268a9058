import type { FlagDefinition } from './types.ts';

export interface ResolvedPayload {
  payload: unknown;
  payloadRaw: string | undefined;
}

const NONE: ResolvedPayload = Object.freeze({ payload: undefined, payloadRaw: undefined });

/**
 * `filters.payloads[variant or "true"]`. PostHog stores payloads as JSON-encoded strings and the SDKs parse
 * them; a string that is not valid JSON is returned as-is (as `parsePayload` in posthog-js core does).
 * Old definitions sometimes hold an already-decoded value, which is passed through.
 */
export function resolvePayload(flag: FlagDefinition, value: boolean | string): ResolvedPayload {
  if (value === false) return NONE;
  const payloads = flag.filters.payloads;
  if (!payloads) return NONE;
  const raw = payloads[value === true ? 'true' : value];
  if (raw == null) return NONE;
  if (typeof raw !== 'string') return { payload: raw, payloadRaw: JSON.stringify(raw) };
  try {
    return { payload: JSON.parse(raw), payloadRaw: raw };
  } catch {
    return { payload: raw, payloadRaw: raw };
  }
}
