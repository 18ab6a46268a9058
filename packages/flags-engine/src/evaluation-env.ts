import type { Definitions, EvaluationContext, FlagDefinition, Unresolved } from './types.ts';

/** What one `evaluate`/`evaluateAll` call shares between flags: the inputs and resolved dependencies. */
export interface EvaluationEnv {
  definitions: Definitions;
  context: EvaluationContext;
  server: boolean;
  /**
   * Values of flags already evaluated as dependencies, so a chain is evaluated once per call. Created on
   * first use: most flags have no dependencies, and the hot path allocates nothing it does not need.
   */
  dependencyValues: Map<string, boolean | string | Unresolved> | undefined;
  /** Flags being evaluated right now, to stop a dependency cycle instead of recursing forever. */
  evaluating: Set<string> | undefined;
  /** Evaluates a dependency's value; injected by `evaluate` so filter modules need not import it. */
  evaluateValue: (flag: FlagDefinition, env: EvaluationEnv) => boolean | string | Unresolved;
}

export function createEnv(
  definitions: Definitions,
  context: EvaluationContext,
  evaluateValue: EvaluationEnv['evaluateValue'],
): EvaluationEnv {
  return {
    definitions,
    context,
    server: context.mode !== 'local',
    dependencyValues: undefined,
    evaluating: undefined,
    evaluateValue,
  };
}

// Definitions are immutable snapshots, so indexing them once per object is safe and saves a scan per
// dependency lookup on the hot path.
const flagIndexes = new WeakMap<Definitions, Map<string, FlagDefinition>>();

/** The non-deleted flag with this key, if the definitions hold one. */
export function findFlag(definitions: Definitions, key: string): FlagDefinition | undefined {
  let index = flagIndexes.get(definitions);
  if (!index) {
    index = new Map();
    for (const flag of definitions.flags) if (!flag.deleted) index.set(flag.key, flag);
    flagIndexes.set(definitions, index);
  }
  return index.get(key);
}

export function unresolved(code: Unresolved['code'], detail: string): Unresolved {
  return { code, detail };
}

export function isUnresolved(value: unknown): value is Unresolved {
  return typeof value === 'object' && value !== null && 'code' in value && 'detail' in value;
}
