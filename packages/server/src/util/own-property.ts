/**
 * Property names come from users ($set keys, variant names, breakdowns). `o[key] = v` with key `__proto__`
 * replaces the object's prototype instead of storing the value, and `key in o` is true for `constructor` or
 * `toString` on any object; these helpers treat every name as the ordinary key it is.
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else target[key] = value;
}

export function getOwn(source: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(source, key) ? source[key] : undefined;
}
