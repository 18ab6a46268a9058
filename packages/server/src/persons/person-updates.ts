import type { Properties } from '../events/event.ts';
import { ownValue, setOwn } from '../util/own-keys.ts';

export interface PersonUpdates {
  set: Properties;
  setOnce: Properties;
  unset: string[];
}

function asObject(value: unknown): Properties {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Properties) : {};
}

/** `$unset` comes as a list of keys, or (from some SDKs) as an object whose keys are meant. */
function asKeyList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return Object.keys(asObject(value));
}

export function personUpdatesOf(properties: Properties): PersonUpdates {
  return {
    set: asObject(properties.$set),
    setOnce: asObject(properties.$set_once),
    unset: asKeyList(properties.$unset),
  };
}

export function hasUpdates(u: PersonUpdates): boolean {
  return Object.keys(u.set).length > 0 || Object.keys(u.setOnce).length > 0 || u.unset.length > 0;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * PostHog's order: `$set_once` first (only keys the person lacks; a stored null counts as set), then `$set`
 * overwrites, then `$unset` removes. Returns the same object when nothing changed, so callers can skip a write.
 */
export function applyPersonUpdates(current: Properties, u: PersonUpdates): Properties {
  let next: Properties | undefined;
  // Property names are the sender's: own keys only, and defined rather than assigned, so `__proto__`,
  // `constructor` or `toString` are stored and compared like any other name.
  const write = (key: string, value: unknown) => {
    next ??= { ...current };
    setOwn(next, key, value);
  };
  for (const [key, value] of Object.entries(u.setOnce)) {
    if (!Object.hasOwn(current, key) && !(next && Object.hasOwn(next, key))) write(key, value);
  }
  for (const [key, value] of Object.entries(u.set)) {
    if (!sameValue(ownValue(next ?? current, key), value)) write(key, value);
  }
  for (const key of u.unset) {
    if (Object.hasOwn(next ?? current, key)) {
      next ??= { ...current };
      delete next[key];
    }
  }
  return next ?? current;
}
