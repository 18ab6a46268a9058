import { resolvePayload } from './payload.ts';
import { reason } from './reasons.ts';
import type {
  FlagDefinition,
  FlagEvaluation,
  InconclusiveEvaluation,
  ReasonCode,
  Unresolved,
} from './types.ts';

export function result(
  flag: FlagDefinition,
  value: boolean | string,
  variant: string | null,
  code: ReasonCode,
  conditionIndex: number | null,
): FlagEvaluation {
  const { payload, payloadRaw } = resolvePayload(flag, value);
  return { key: flag.key, value, variant, payload, payloadRaw, reason: reason(code, conditionIndex) };
}

export function inconclusive(flag: FlagDefinition, why: Unresolved): InconclusiveEvaluation {
  return { key: flag.key, inconclusive: true, reason: why };
}
