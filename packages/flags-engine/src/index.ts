export { evaluate } from './evaluate.ts';
export { type EvaluateAllOptions, evaluateAll } from './evaluate-all.ts';
export { flagHash, hashBackend, holdoutHash } from './hash.ts';
export { COHORT_OPERATORS, PROPERTY_OPERATORS } from './operators/supported-operators.ts';
export { describeReason, REASON_PRIORITY } from './reasons.ts';
export { compileLinearRegex, type LinearRegex, type RegexRefusal } from './regex/linear-regex.ts';
export { MAX_PROGRAM_SIZE as MAX_REGEX_PROGRAM_SIZE } from './regex/regex-program.ts';
export type {
  Definitions,
  EvaluationContext,
  EvaluationMode,
  EvaluationReason,
  EvaluationResult,
  FlagCondition,
  FlagDefinition,
  FlagEvaluation,
  FlagFilters,
  FlagHoldout,
  FlagProperty,
  FlagVariant,
  InconclusiveCode,
  InconclusiveEvaluation,
  Properties,
  PropertyGroup,
  ReasonCode,
  Unresolved,
} from './types.ts';
