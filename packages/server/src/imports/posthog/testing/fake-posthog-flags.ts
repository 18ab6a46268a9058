import {
  type Definitions,
  evaluateAll,
  type FlagDefinition,
  type FlagFilters,
  type PropertyGroup,
} from '@signpost/flags-engine';

type Json = Record<string, unknown>;

/** Forced answers: distinct id → flag key → value, to make the fake disagree with Signpost on purpose. */
export type FlagOverrides = Map<string, Map<string, boolean | string>>;

/**
 * PostHog's `/flags?v=2` answer for one distinct id, computed with Signpost's flag engine (which buckets as
 * PostHog does). PostHog stores a flag dependency under the parent's numeric id; the engine wants the parent's
 * key and the chain to evaluate first, so the fake translates as PostHog's flags service does.
 */
export function fakeFlagsAnswer(
  data: { flags: Json[]; cohorts: Json[]; persons: Json[]; staticMembers: Map<number, number[]> },
  distinctId: string,
  overrides: FlagOverrides,
): Json {
  const live = data.flags.filter((f) => f.deleted !== true);
  const keyOfId = new Map(live.map((f) => [Number(f.id), String(f.key)]));
  const parentsOf = (flag: Json): string[] =>
    ((flag.filters as FlagFilters).groups ?? []).flatMap((g) =>
      (g.properties ?? []).filter((p) => p.type === 'flag').map((p) => keyOfId.get(Number(p.key)) ?? p.key),
    );
  const byKey = new Map(live.map((f) => [String(f.key), f]));
  const chainOf = (key: string, seen: Set<string> = new Set()): string[] => {
    if (seen.has(key)) return [];
    seen.add(key);
    const flag = byKey.get(key);
    const before = flag ? parentsOf(flag).flatMap((parent) => chainOf(parent, seen)) : [];
    return [...before, key];
  };
  const flags: FlagDefinition[] = live.map((f) => {
    const filters = structuredClone(f.filters) as FlagFilters;
    for (const group of filters.groups ?? []) {
      for (const p of group.properties ?? []) {
        if (p.type !== 'flag') continue;
        p.key = keyOfId.get(Number(p.key)) ?? p.key;
        p.dependency_chain = chainOf(p.key);
      }
    }
    return { id: Number(f.id), key: String(f.key), active: f.active === true, filters };
  });
  const cohorts: Record<string, PropertyGroup> = {};
  for (const c of data.cohorts) {
    const filters = c.filters as { properties?: PropertyGroup } | null;
    if (c.is_static !== true && filters?.properties) cohorts[String(c.id)] = filters.properties;
  }
  const person = data.persons.find((p) => (p.distinct_ids as string[]).includes(distinctId));
  const definitions: Definitions = { flags, cohorts };
  const results = evaluateAll(definitions, {
    distinctId,
    now: new Date(),
    mode: 'server',
    personProperties: (person?.properties as Json | undefined) ?? {},
    cohortMembership: (id) => data.staticMembers.get(Number(id))?.includes(Number(person?.id)) ?? false,
  });
  const answer: Json = {};
  for (const flag of flags) {
    const result = results[flag.key];
    if (!flag.active || !result || result.inconclusive) continue;
    const value = overrides.get(distinctId)?.get(flag.key) ?? result.value;
    answer[flag.key] = {
      key: flag.key,
      enabled: value !== false,
      variant: typeof value === 'string' ? value : null,
      reason: {
        code: result.reason.code,
        condition_index: result.reason.conditionIndex,
        description: result.reason.description,
      },
      metadata: { id: flag.id, version: 2, description: null, payload: result.payloadRaw ?? null },
    };
  }
  return { flags: answer, errorsWhileComputingFlags: false, requestId: crypto.randomUUID() };
}
