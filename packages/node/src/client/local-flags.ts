import {
  type Definitions,
  type EvaluationContext,
  type EvaluationResult,
  evaluate,
  evaluateAll,
  type FlagDefinition,
} from '@signpost/flags-engine';
import type { FlagOptions } from '../client-api.ts';
import type { FlagOutcome, FlagOutcomes } from './flag-outcome.ts';
import { groupPropertiesWithKeys } from './group-properties.ts';

/** Definitions as served may carry more than the engine reads; this is the one extra field we use. */
type ServedFlag = FlagDefinition & { has_experiment?: unknown };

/** A server SDK never sees client-only flags: the server leaves them out of its `/flags` answers too. */
const servesServer = (flag: FlagDefinition) => !flag.deleted && flag.evaluation_runtime !== 'client';

/** Polled definitions, indexed once per change rather than searched on every flag read. */
export interface IndexedDefinitions {
  definitions: Definitions;
  byKey: ReadonlyMap<string, ServedFlag>;
}

export function indexDefinitions(definitions: Definitions): IndexedDefinitions {
  const byKey = new Map<string, ServedFlag>();
  for (const flag of definitions.flags) if (servesServer(flag)) byKey.set(flag.key, flag);
  return { definitions, byKey };
}

export function evaluationContext(distinctId: string, options: FlagOptions): EvaluationContext {
  return {
    distinctId,
    groups: options.groups ?? {},
    personProperties: options.personProperties ?? {},
    groupProperties: groupPropertiesWithKeys(options),
    now: new Date(),
    mode: 'local',
  };
}

function toOutcome(flag: ServedFlag, result: EvaluationResult): FlagOutcome | undefined {
  if (result.inconclusive) return undefined;
  return {
    key: flag.key,
    value: result.value,
    payload: result.payload,
    locallyEvaluated: true,
    reason: result.reason.description,
    ...(flag.id === undefined ? {} : { id: flag.id }),
    ...(flag.version == null ? {} : { version: flag.version }),
    multivariate: (flag.filters.multivariate?.variants.length ?? 0) > 0,
    ...(typeof flag.has_experiment === 'boolean' ? { hasExperiment: flag.has_experiment } : {}),
  };
}

/**
 * One flag from the polled definitions. `unknown`: not in them (maybe created since the last poll);
 * `undecided`: the engine lacks something only the server knows (stored properties, static cohorts, …).
 */
export function evaluateOneLocally(
  indexed: IndexedDefinitions,
  key: string,
  context: EvaluationContext,
): FlagOutcome | 'unknown' | 'undecided' {
  const flag = indexed.byKey.get(key);
  if (!flag) return 'unknown';
  return toOutcome(flag, evaluate(flag, indexed.definitions, context)) ?? 'undecided';
}

/** Every active flag, as `/flags` would list them (inactive ones are left out there too). */
export function evaluateAllLocally(indexed: IndexedDefinitions, context: EvaluationContext): FlagOutcomes {
  const served = [...indexed.byKey.values()].filter((f) => f.active);
  const results = evaluateAll(indexed.definitions, context, { flagKeys: served.map((f) => f.key) });
  const outcomes: Record<string, FlagOutcome> = {};
  const undecided: string[] = [];
  for (const flag of served) {
    const result = results[flag.key];
    const outcome = result && toOutcome(flag, result);
    if (outcome) outcomes[flag.key] = outcome;
    else undecided.push(flag.key);
  }
  return { outcomes, undecided };
}
