import type { Properties } from '../events/event.ts';

// Properties PostHog copies from events onto the person, with a `$initial_` twin set once (compat notes §5.1).
const TRACKED = [
  '$browser',
  '$browser_version',
  '$device_type',
  '$current_url',
  '$pathname',
  '$os',
  '$os_version',
  '$referring_domain',
  '$referrer',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_content',
  'utm_name',
  'utm_term',
  'gclid',
  'gad_source',
  'gbraid',
  'wbraid',
  'fbclid',
  'msclkid',
];
const SKIPPED_EVENTS = new Set(['$snapshot', '$performance_event']);

const initialName = (key: string) => `$initial_${key.startsWith('$') ? key.slice(1) : key}`;

/** Adds the automatic person properties to `$set` / `$set_once`; explicit values already there win. */
export function addInitialProperties(event: string, properties: Properties): void {
  if (SKIPPED_EVENTS.has(event)) return;
  const serverSide = properties.$is_server === true;
  let set: Properties | undefined;
  let setOnce: Properties | undefined;
  const consider = (key: string, value: unknown) => {
    if (value === undefined) return;
    if (serverSide && (key === '$os' || key === '$os_version')) return;
    set ??= { ...((properties.$set as Properties | undefined) ?? {}) };
    setOnce ??= { ...((properties.$set_once as Properties | undefined) ?? {}) };
    if (!(key in set)) set[key] = value;
    const initial = initialName(key);
    if (!(initial in setOnce)) setOnce[initial] = value;
  };
  for (const key of TRACKED) consider(key, properties[key]);
  for (const key of Object.keys(properties)) if (key.startsWith('$app_')) consider(key, properties[key]);
  if (set) properties.$set = set;
  if (setOnce) properties.$set_once = setOnce;
}
