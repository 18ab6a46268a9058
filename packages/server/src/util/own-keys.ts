import { z } from 'zod';

/**
 * User strings (variant names, flag keys, property names) end up as keys of JSON objects. On a plain object,
 * `o[k]` finds inherited members for `constructor` or `toString`, and `o['__proto__'] = v` replaces the prototype
 * instead of storing a key. These helpers read and build such maps by own keys only.
 */
export function ownValue<T>(
  record: Readonly<Record<string, T>> | null | undefined,
  key: string,
): T | undefined {
  return record != null && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** `record[key] = value` that always stores a key, `__proto__` included, instead of reaching a setter. */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  // Only `__proto__` has a setter on Object.prototype; plain assignment stays the fast path for the rest.
  if (key === '__proto__')
    Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
  else record[key] = value;
}

const isJsonObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A JSON object keyed by user strings, values unchecked. zod's `z.record` drops a `__proto__` key (it assigns
 * each key), so this checks the shape and copies with `Object.fromEntries`, which defines every own key.
 */
export const ownKeysObjectSchema = z
  .custom<Record<string, unknown>>(isJsonObject, { message: 'expected an object' })
  .transform((v) => Object.fromEntries(Object.entries(v)))
  .meta({ type: 'object', additionalProperties: {} });
