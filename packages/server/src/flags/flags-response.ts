import { randomUUID } from 'node:crypto';
import type { FlagResult } from './flag-evaluation-service.ts';

interface FlagDetails {
  key: string;
  enabled: boolean;
  variant: string | null;
  failed?: true;
  reason: { code: string; condition_index: number | null; description: string } | null;
  metadata: {
    id: number;
    version: number;
    description: string | null;
    payload: string | null;
    has_experiment: boolean;
  };
}

const flagValue = (r: FlagResult): boolean | string => (r.result.inconclusive ? false : r.result.value);
const payloadOf = (r: FlagResult): string | undefined =>
  r.result.inconclusive ? undefined : r.result.payloadRaw;

function details(r: FlagResult): FlagDetails {
  const res = r.result;
  const metadata = {
    id: r.flag.id,
    version: r.flag.version,
    description: r.flag.name || null,
    payload: payloadOf(r) ?? null,
    has_experiment: false,
  };
  if (res.inconclusive) {
    return { key: r.flag.key, enabled: false, variant: null, failed: true, reason: null, metadata };
  }
  return {
    key: r.flag.key,
    enabled: res.value !== false,
    variant: typeof res.value === 'string' ? res.value : null,
    reason: {
      code: res.reason.code,
      condition_index: res.reason.conditionIndex,
      description: res.reason.description,
    },
    metadata,
  };
}

/** `/flags?v=2` and `/decide?v=4`: one FlagDetails object per flag. */
export function flagsV2(results: FlagResult[], now: Date): Record<string, unknown> {
  return {
    errorsWhileComputingFlags: results.some((r) => r.result.inconclusive),
    flags: Object.fromEntries(results.map((r) => [r.flag.key, details(r)])),
    requestId: randomUUID(),
    evaluatedAt: now.getTime(),
  };
}

/** `/flags` v1 and `/decide?v=3`: values and payloads in two maps, false values included. */
export function flagsV1(results: FlagResult[]): Record<string, unknown> {
  const payloads: Record<string, string> = {};
  for (const r of results) {
    const p = payloadOf(r);
    if (p !== undefined && flagValue(r) !== false) payloads[r.flag.key] = p;
  }
  return {
    errorsWhileComputingFlags: results.some((r) => r.result.inconclusive),
    featureFlags: Object.fromEntries(results.map((r) => [r.flag.key, flagValue(r)])),
    featureFlagPayloads: payloads,
    requestId: randomUUID(),
  };
}

/** `/decide?v=2`: enabled flags only. `/decide?v=1`: the list of enabled keys. */
export function decideLegacy(results: FlagResult[], version: number): Record<string, unknown> {
  const enabled = results.filter((r) => flagValue(r) !== false);
  if (version >= 2)
    return { featureFlags: Object.fromEntries(enabled.map((r) => [r.flag.key, flagValue(r)])) };
  return { featureFlags: enabled.map((r) => r.flag.key) };
}
