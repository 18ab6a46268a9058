import type { FeatureFlag } from '../flags/feature-flag.ts';
import type { FlagResult } from '../flags/flag-evaluation-service.ts';
import { toOfrep } from './ofrep-result.ts';

/** Per flag (as stored, so an edit starts afresh): each distinct answer, serialized once. */
const cache = new WeakMap<FeatureFlag, Map<string, string>>();

/**
 * One flag's OFREP answer as JSON. A flag has few distinct answers (its variants × reasons), and serializing
 * every flag of every bulk answer was what made OFREP cost more than `/flags`, which caches the same way.
 */
export function ofrepJson(r: FlagResult): string {
  const res = r.result;
  if (res.inconclusive) return JSON.stringify(toOfrep(r));
  let answers = cache.get(r.flag);
  if (!answers) {
    answers = new Map();
    cache.set(r.flag, answers);
  }
  // The payload follows from the value, and the flag (active, payloads, variants) is fixed for this cache.
  const value = typeof res.value === 'string' ? `s${res.value}` : String(res.value);
  const key = `${value}\u0000${res.reason.code}`;
  let json = answers.get(key);
  if (json === undefined) {
    json = JSON.stringify(toOfrep(r));
    answers.set(key, json);
  }
  return json;
}
