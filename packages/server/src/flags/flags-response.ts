import { randomUUID } from 'node:crypto';
import type { FeatureFlag } from './feature-flag.ts';
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
    has_experiment: r.hasExperiment === true,
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

/** What `details` gives for one flag that only changes with the flag: its key and metadata, as JSON. */
interface FlagJson {
  flag: Pick<FeatureFlag, 'id' | 'key' | 'name' | 'version'> & { hasExperiment: boolean };
  key: string;
  /** By payload (one per variant at most): the metadata JSON, and whole answers by value and reason. */
  byPayload: Map<string | undefined, { metadata: string; answers: Map<string, string> }>;
}

const flagJson = new WeakMap<FeatureFlag, FlagJson>();

function jsonOf(flag: FeatureFlag, hasExperiment = false): FlagJson {
  const cached = flagJson.get(flag);
  const f = cached?.flag;
  const same = f?.id === flag.id && f.key === flag.key && f.name === flag.name && f.version === flag.version;
  if (cached && same && f.hasExperiment === hasExperiment) return cached;
  const { id, key, name, version } = flag;
  const fresh = {
    flag: { id, key, name, version, hasExperiment },
    key: JSON.stringify(key),
    byPayload: new Map(),
  };
  flagJson.set(flag, fresh);
  return fresh;
}

function detailsJson(r: FlagResult): string {
  const f = jsonOf(r.flag, r.hasExperiment === true);
  const payload = payloadOf(r);
  let cached = f.byPayload.get(payload);
  if (!cached) {
    cached = { metadata: JSON.stringify(details(r).metadata), answers: new Map() };
    f.byPayload.set(payload, cached);
  }
  const { metadata } = cached;
  const res = r.result;
  if (res.inconclusive)
    return `{"key":${f.key},"enabled":false,"variant":null,"failed":true,"reason":null,"metadata":${metadata}}`;
  // A flag has few distinct answers (its variants × reasons), so each is serialized once.
  const { code, conditionIndex, description } = res.reason;
  const value = typeof res.value === 'string' ? `s${res.value}` : res.value;
  const answerKey = `${value}\u0000${code}\u0000${conditionIndex}\u0000${description}`;
  let json = cached.answers.get(answerKey);
  if (json === undefined) {
    const variant = typeof res.value === 'string' ? JSON.stringify(res.value) : 'null';
    const reason =
      `{"code":${JSON.stringify(code)},"condition_index":${conditionIndex ?? 'null'},` +
      `"description":${JSON.stringify(description)}}`;
    json = `{"key":${f.key},"enabled":${res.value !== false},"variant":${variant},"reason":${reason},"metadata":${metadata}}`;
    cached.answers.set(answerKey, json);
  }
  return json;
}

/**
 * `flagsV2` with `extra` fields first, straight to JSON: the document `JSON.stringify({ ...extra, ...flagsV2() })`
 * makes (byte for byte, except that flags keep their order where JS would move numeric keys first), built from
 * per-flag pieces serialized once, because serializing the whole answer was the largest single cost of `/flags`.
 */
export function flagsV2Json(results: FlagResult[], now: Date, extra: Record<string, unknown> = {}): string {
  let flags = '';
  let errors = false;
  for (const r of results) {
    if (r.result.inconclusive) errors = true;
    flags += `${flags === '' ? '' : ','}${jsonOf(r.flag, r.hasExperiment === true).key}:${detailsJson(r)}`;
  }
  const head = JSON.stringify(extra).slice(1, -1);
  return (
    `{${head}${head === '' ? '' : ','}"errorsWhileComputingFlags":${errors},"flags":{${flags}},` +
    `"requestId":"${randomUUID()}","evaluatedAt":${now.getTime()}}`
  );
}

/** `/flags` v1 and `/decide?v=3`: values and payloads in two maps, false values included. */
export function flagsV1(results: FlagResult[]): Record<string, unknown> {
  // Entries, not assignment, so a flag keyed `__proto__` is a key like any other.
  const payloads: [string, string][] = [];
  for (const r of results) {
    const p = payloadOf(r);
    if (p !== undefined && flagValue(r) !== false) payloads.push([r.flag.key, p]);
  }
  return {
    errorsWhileComputingFlags: results.some((r) => r.result.inconclusive),
    featureFlags: Object.fromEntries(results.map((r) => [r.flag.key, flagValue(r)])),
    featureFlagPayloads: Object.fromEntries(payloads),
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
