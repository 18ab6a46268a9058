import { createEvaluationEnv, evaluateInEnv } from './evaluate.ts';
import { findFlag } from './evaluation-env.ts';
import type { Definitions, EvaluationContext, EvaluationResult } from './types.ts';

export interface EvaluateAllOptions {
  /** Only these flags (unknown keys are skipped); dependencies are still evaluated as needed. */
  flagKeys?: readonly string[];
}

/**
 * Evaluates every non-deleted flag (or `flagKeys`), sharing dependency results between them. Inactive
 * flags are included with reason `flag_disabled`; `/flags` responses leave them out.
 *
 * @example
 * const results = evaluateAll(definitions, { distinctId: 'user-1', now: new Date(), mode: 'server' });
 * results['new-checkout']?.inconclusive;
 */
export function evaluateAll(
  definitions: Definitions,
  context: EvaluationContext,
  options?: EvaluateAllOptions,
): Record<string, EvaluationResult> {
  const env = createEvaluationEnv(definitions, context);
  // No prototype: flag keys are user strings, and `__proto__`, `constructor` or `toString` must be plain keys,
  // both when stored here and when a caller looks up a key that is absent.
  const results: Record<string, EvaluationResult> = Object.create(null);
  const flagKeys = options?.flagKeys;
  if (flagKeys) {
    for (const key of flagKeys) {
      const flag = findFlag(definitions, key);
      if (flag) results[key] = evaluateInEnv(flag, env);
    }
    return results;
  }
  const flags = definitions.flags;
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i]!;
    if (!flag.deleted) results[flag.key] = evaluateInEnv(flag, env);
  }
  return results;
}
