/** Signpost's engine, called directly: `evaluate` per flag (server and local mode) and `evaluateAll`. */
import {
  type EvaluationContext,
  type EvaluationMode,
  type EvaluationResult,
  evaluate,
  evaluateAll,
} from '../../packages/flags-engine/src/index.ts';
import type { FlagValue, System } from './measure.ts';
import { FLAG_A, FLAG_B, posthogDefinitions, type User } from './workload.ts';

const definitions = posthogDefinitions;
const flagA = definitions.flags.find((f) => f.key === FLAG_A)!;
const flagB = definitions.flags.find((f) => f.key === FLAG_B)!;

function resultValue(result: EvaluationResult | undefined): FlagValue {
  if (!result || result.inconclusive) return undefined;
  return result.value;
}

function contexts(users: User[], mode: EvaluationMode): EvaluationContext[] {
  const now = new Date();
  return users.map((u) => ({ distinctId: u.distinctId, personProperties: u.properties, now, mode }));
}

export function signpostEvaluate(users: User[], mode: EvaluationMode): System {
  const ctx = contexts(users, mode);
  return {
    name: `Signpost \`evaluate\` (${mode} mode)`,
    how: `evaluate(flag, definitions, {distinctId, personProperties, now, mode: '${mode}'}) per flag`,
    evaluationsPerRound: ctx.length * 2,
    round() {
      let sum = 0;
      for (const c of ctx) {
        const a = evaluate(flagA, definitions, c);
        const b = evaluate(flagB, definitions, c);
        if (!a.inconclusive && a.value === true) sum++;
        if (!b.inconclusive && b.value === 'control') sum++;
      }
      return sum;
    },
    async values(i) {
      const c = ctx[i]!;
      return [resultValue(evaluate(flagA, definitions, c)), resultValue(evaluate(flagB, definitions, c))];
    },
  };
}

export function signpostEvaluateAll(users: User[], mode: EvaluationMode): System {
  const ctx = contexts(users, mode);
  return {
    name: `Signpost \`evaluateAll\` (${mode} mode)`,
    how: 'evaluateAll(definitions, context): both flags in one call, counted as 2 evaluations',
    evaluationsPerRound: ctx.length * 2,
    round() {
      let sum = 0;
      for (const c of ctx) {
        const all = evaluateAll(definitions, c);
        const a = all[FLAG_A];
        const b = all[FLAG_B];
        if (a && !a.inconclusive && a.value === true) sum++;
        if (b && !b.inconclusive && b.value === 'control') sum++;
      }
      return sum;
    },
    async values(i) {
      const all = evaluateAll(definitions, ctx[i]!);
      return [resultValue(all[FLAG_A]), resultValue(all[FLAG_B])];
    },
  };
}
