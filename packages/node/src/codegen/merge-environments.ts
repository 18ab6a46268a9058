import type { CodegenEnvironment } from './environment-list.ts';
import type { FlagDefinition } from './flag-definition.ts';
import { inferPayloadType, unionOf } from './infer-payload-type.ts';

/** One flag as the generated module types it: what any of the requested environments may answer. */
export interface TypedFlag {
  key: string;
  name: string;
  /** Environments where the flag is switched off (all of them: the comment says just "inactive"). */
  inactiveIn: string[];
  /** Every variant key any environment has, in first-seen order; `undefined` for an on/off flag. */
  variants: string[] | undefined;
  /** The distinct payload types across environments; a union when they differ. */
  payloadTypes: string[];
}

export interface EnvironmentFlags {
  environment: CodegenEnvironment;
  flags: readonly FlagDefinition[];
}

export interface MergedFlags {
  flags: TypedFlag[];
  /** Flag key → environments that did not return it. */
  missing: Map<string, string[]>;
  /** Environment name → keys of flags switched off there. */
  switchedOff: Map<string, string[]>;
  /** Flag key → each environment's payload type, for flags whose payload types disagree. */
  payloadConflicts: Map<string, { environment: string; type: string }[]>;
}

/**
 * The union of the environments' flags. A flag's identity is the project's, its settings (variants, payloads,
 * on/off) each environment's, so code must handle whatever any of them answers; where they disagree the
 * caller warns, and where a flag is absent from an environment `--check` fails.
 */
export function mergeEnvironments(perEnvironment: readonly EnvironmentFlags[]): MergedFlags {
  const byKey = new Map<string, TypedFlag>();
  const seenIn = new Map<string, Set<string>>();
  const typesIn = new Map<string, { environment: string; type: string }[]>();
  const switchedOff = new Map<string, string[]>();
  for (const { environment, flags } of perEnvironment) {
    for (const flag of flags) {
      const typed = byKey.get(flag.key) ?? newTypedFlag(flag);
      byKey.set(flag.key, typed);
      if (!seenIn.has(flag.key)) seenIn.set(flag.key, new Set());
      seenIn.get(flag.key)?.add(environment.name);
      if (flag.variants) typed.variants = [...new Set([...(typed.variants ?? []), ...flag.variants])];
      const types = Object.values(flag.payloads).map((p) => inferPayloadType(p, 1));
      typed.payloadTypes = [...new Set([...typed.payloadTypes, ...types])];
      // An environment without a payload adds only `undefined`, which every payload type already allows.
      if (types.length > 0) {
        const list = typesIn.get(flag.key) ?? [];
        list.push({ environment: environment.name, type: unionOf(types) });
        typesIn.set(flag.key, list);
      }
      if (!flag.active) {
        typed.inactiveIn.push(environment.name);
        switchedOff.set(environment.name, [...(switchedOff.get(environment.name) ?? []), flag.key]);
      }
    }
  }
  const names = perEnvironment.map((e) => e.environment.name);
  const missing = new Map<string, string[]>();
  for (const key of byKey.keys()) {
    const absent = names.filter((name) => !seenIn.get(key)?.has(name));
    if (absent.length > 0) missing.set(key, absent);
  }
  const payloadConflicts = new Map(
    [...typesIn].filter(([, list]) => new Set(list.map((t) => t.type)).size > 1),
  );
  return { flags: [...byKey.values()], missing, switchedOff, payloadConflicts };
}

function newTypedFlag(flag: FlagDefinition): TypedFlag {
  return { key: flag.key, name: flag.name, inactiveIn: [], variants: undefined, payloadTypes: [] };
}
