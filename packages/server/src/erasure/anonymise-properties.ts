import type { Properties } from '../events/event.ts';

/** Where person properties travel inside an event; personal keys are removed there too. */
const PERSON_UPDATE_KEYS = ['$set', '$set_once'];

export interface AnonymiseRules {
  /** Strings that identify the person (its distinct ids and person ids), wherever they appear. */
  identifiers: ReadonlySet<string>;
  /** What an identifier is replaced with. */
  token: string;
  /** Property keys the project marks personal; `$ip` always goes. */
  personalKeys: ReadonlySet<string>;
}

function scrub(value: unknown, rules: AnonymiseRules): unknown {
  if (typeof value === 'string') return rules.identifiers.has(value) ? rules.token : value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, rules));
  if (value !== null && typeof value === 'object') {
    // fromEntries defines own properties: a `__proto__` key stays data, never a prototype.
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, rules)]));
  }
  return value;
}

function withoutPersonalKeys(props: Record<string, unknown>, rules: AnonymiseRules): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).filter(([k]) => k !== '$ip' && !rules.personalKeys.has(k)));
}

/**
 * An event's properties with nothing left that points back at the person: `$ip` and personal keys removed
 * (also from `$set`/`$set_once`), and every string equal to one of its ids (`$anon_distinct_id`, `$user_id`,
 * an `alias`…) replaced by the token. Counts survive because the event itself stays.
 */
export function anonymiseProperties(properties: Properties, rules: AnonymiseRules): Properties {
  const top = withoutPersonalKeys(properties, rules);
  const cleaned = Object.fromEntries(
    Object.entries(top).map(([k, v]) =>
      PERSON_UPDATE_KEYS.includes(k) && v !== null && typeof v === 'object' && !Array.isArray(v)
        ? [k, withoutPersonalKeys(v as Record<string, unknown>, rules)]
        : [k, v],
    ),
  );
  return scrub(cleaned, rules) as Properties;
}
