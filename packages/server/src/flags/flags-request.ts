import { AppError } from '../errors/app-error.ts';

// `/flags` and `/decide` bodies with every alias PostHog's flags service accepts (compat notes §1.4). Checked by
// hand rather than with a schema library: this runs on every flag request and the schema version cost as much
// as parsing the JSON itself.

export interface FlagsRequest {
  token: string | undefined;
  distinctId: string;
  personProperties: Record<string, unknown>;
  groups: Record<string, string>;
  groupProperties: Record<string, Record<string, unknown>>;
  anonDistinctId: string | undefined;
  deviceId: string | undefined;
  flagKeys: string[] | undefined;
  evaluationContexts: string[] | undefined;
  evaluationRuntime: 'server' | 'client' | 'all' | undefined;
  disableFlags: boolean;
  /** Signpost extension (`include_inactive_flags: true`): answer switched-off flags as false, not leave them out. */
  includeInactive: boolean;
}

type Json = Record<string, unknown>;
type Runtime = NonNullable<FlagsRequest['evaluationRuntime']>;
const isRuntime = (v: string): v is Runtime => v === 'server' || v === 'client' || v === 'all';

const invalid = (attr: string, expected: string) =>
  attr === ''
    ? new AppError('INVALID_PAYLOAD', `The body must be ${expected}.`, null)
    : new AppError('INVALID_PAYLOAD', `Field "${attr}" is invalid: expected ${expected}.`, attr);

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads `body[name]`, then `body[alias]`; null counts as absent, as PostHog's serde does. */
function field<T>(body: Json, names: string[], read: (v: unknown, attr: string) => T): T | undefined {
  let found: T | undefined;
  for (const name of names) {
    const v = body[name];
    if (v === undefined || v === null) continue;
    // Every alias present must be valid, even one that loses to an earlier name.
    const value = read(v, name);
    found ??= value;
  }
  return found;
}

const string = (v: unknown, attr: string): string => {
  if (typeof v !== 'string') throw invalid(attr, 'a string');
  return v;
};

/** Ids may come as numbers or booleans; PostHog turns them into strings. */
const stringish = (v: unknown, attr: string): string => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw invalid(attr, 'a string or a number');
};

const properties = (v: unknown, attr: string): Json => {
  if (!isObject(v)) throw invalid(attr, 'an object');
  return v;
};

const strings = (v: unknown, attr: string): string[] => {
  if (!Array.isArray(v)) throw invalid(attr, 'a list of strings');
  return v.map((s, i) => string(s, `${attr}.${i}`));
};

// Group type names are the caller's strings: entries keep `__proto__` a key where assignment would not.
const groups = (v: unknown, attr: string): Record<string, string> =>
  Object.fromEntries(
    Object.entries(properties(v, attr)).map(([type, key]) => [type, stringish(key, `${attr}.${type}`)]),
  );

const groupProperties = (v: unknown, attr: string): Record<string, Json> => {
  const all = properties(v, attr);
  for (const [type, props] of Object.entries(all)) properties(props, `${attr}.${type}`);
  return all as Record<string, Json>;
};

export function parseFlagsRequest(json: unknown, queryToken: string | undefined): FlagsRequest {
  if (!isObject(json)) throw invalid('', 'a JSON object');
  const runtime = field(json, ['evaluation_runtime'], (v, attr) => {
    if (typeof v !== 'string' || !isRuntime(v)) throw invalid(attr, 'server, client or all');
    return v;
  });
  const disable = json.disable_flags;
  if (disable !== undefined && disable !== null && typeof disable !== 'boolean')
    throw invalid('disable_flags', 'true or false');
  field(json, ['timezone'], string);
  const personProperties = field(json, ['person_properties', '$properties'], properties) ?? {};
  const device = field(json, ['device_id', '$device_id'], stringish) ?? personProperties.$device_id;
  return {
    token: field(json, ['token', '$token', 'api_key'], string) ?? queryToken,
    // PostHog truncates to 200 characters and allows an empty id (it then matches only rollouts of "").
    distinctId: (field(json, ['distinct_id', '$distinct_id'], stringish) ?? '').slice(0, 200),
    personProperties,
    groups: field(json, ['groups', '$groups'], groups) ?? {},
    groupProperties: field(json, ['group_properties', '$group_properties'], groupProperties) ?? {},
    anonDistinctId: field(json, ['anon_distinct_id', '$anon_distinct_id'], stringish),
    deviceId: typeof device === 'string' && device !== '' ? device : undefined,
    flagKeys: field(json, ['flag_keys_to_evaluate', 'flag_keys'], strings),
    evaluationContexts: field(json, ['evaluation_contexts', 'evaluation_environments'], strings),
    evaluationRuntime: runtime ?? (personProperties.$lib === 'web' ? 'client' : undefined),
    disableFlags: disable === true,
    includeInactive: json.include_inactive_flags === true,
  };
}
