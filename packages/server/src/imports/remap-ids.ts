/**
 * Rewrites the source's ids inside a record body to the ids the target gave the same objects. Bodies are JSON
 * from the source, so the walk rebuilds objects with `Object.fromEntries` (a `__proto__` key stays a key).
 */
export interface IdMaps {
  cohort: ReadonlyMap<number, number>;
  flag: ReadonlyMap<number, number>;
  /** Source group type index → target index (the same name may have another index on the target). */
  groupTypeIndex: ReadonlyMap<number, number>;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

const mapped = (value: unknown, map: ReadonlyMap<number, number>): unknown => {
  const id =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^[0-9]+$/.test(value)
        ? Number(value)
        : NaN;
  const to = map.get(id);
  if (to === undefined) return value;
  return typeof value === 'number' ? to : String(to);
};

const INDEX_KEYS = new Set(['group_type_index', 'aggregation_group_type_index']);

/**
 * Cohort filters (`{type:"cohort", value:<id>}`) anywhere, a flag dependency naming its parent by id
 * (`{type:"flag", key:"<id>"}`, PostHog's form; a key-form dependency needs nothing as keys are kept) and
 * group type indexes.
 */
export function remapIds(value: unknown, maps: IdMaps): unknown {
  if (Array.isArray(value)) return value.map((v) => remapIds(v, maps));
  if (!isObject(value)) return value;
  const entries = Object.entries(value).map(([k, v]): [string, unknown] => {
    if (INDEX_KEYS.has(k) && typeof v === 'number') return [k, maps.groupTypeIndex.get(v) ?? v];
    return [k, remapIds(v, maps)];
  });
  const out = Object.fromEntries(entries);
  if (out.type === 'cohort' && 'value' in out) out.value = mapped(out.value, maps.cohort);
  if (out.type === 'flag' && typeof out.key === 'string') out.key = mapped(out.key, maps.flag);
  return out;
}
