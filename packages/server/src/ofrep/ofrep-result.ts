import type { FlagResult } from '../flags/flag-evaluation-service.ts';

/** One flag's OFREP answer: an evaluation success, or an evaluation failure (`errorCode`). */
export interface OfrepEvaluation {
  key: string;
  value?: unknown;
  reason?: string;
  variant?: string;
  metadata?: Record<string, string | number | boolean>;
  errorCode?: string;
  errorDetails?: string;
}

const hasPayloads = (r: FlagResult) => Object.keys(r.flag.filters.payloads ?? {}).length > 0;

/**
 * PostHog's result in OpenFeature's terms (compat notes "OFREP"). A flag keeps one value type, so typed
 * OpenFeature calls work: a flag with payloads answers the matched payload (getObjectValue and friends), a
 * multivariate flag its variant key, any other flag a boolean. Where PostHog has no value of that type (no
 * variant matched, no payload for the match) `value` is left out, which current OFREP defines as "use the code
 * default", and the reason says why.
 */
export function toOfrep(r: FlagResult): OfrepEvaluation {
  const res = r.result;
  const key = r.flag.key;
  if (res.inconclusive)
    return { key, errorCode: 'GENERAL', errorDetails: `Cannot evaluate: ${res.reason.detail}` };
  const metadata: Record<string, string | number | boolean> = {
    flagId: r.flag.id,
    version: r.flag.version,
    posthogReason: res.reason.code,
  };
  if (r.flag.name) metadata.description = r.flag.name;
  if (res.payloadRaw !== undefined) metadata.payload = res.payloadRaw;
  const out: OfrepEvaluation = { key, reason: reasonOf(r), metadata };
  if (res.value !== false) out.variant = typeof res.value === 'string' ? res.value : 'true';
  const multivariate = (r.flag.filters.multivariate?.variants.length ?? 0) > 0;
  if (hasPayloads(r)) {
    if (res.payload !== undefined) out.value = res.payload;
  } else if (multivariate) {
    if (typeof res.value === 'string') out.value = res.value;
  } else {
    out.value = res.value !== false;
  }
  return out;
}

function reasonOf(r: FlagResult): string {
  if (!r.flag.active || (!r.result.inconclusive && r.result.reason.code === 'flag_disabled'))
    return 'DISABLED';
  if (r.result.inconclusive) return 'ERROR';
  const { code } = r.result.reason;
  if (code === 'condition_match' || code === 'super_condition_value' || code === 'holdout_condition_value')
    // A variant picked by hash is a split; a plain match is targeting.
    return typeof r.result.value === 'string' ? 'SPLIT' : 'TARGETING_MATCH';
  return 'DEFAULT';
}
