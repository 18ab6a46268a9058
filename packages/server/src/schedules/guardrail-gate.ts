import type { ScheduledChange } from './scheduled-change.ts';

/** One guardrail's reading when a step came due. */
export interface GuardrailReading {
  id: string;
  name: string;
  passed: boolean;
  /** The number compared with the threshold (a rate, a count, an SRM p-value); null when it could not be read. */
  value: number | null;
  message: string;
  critical: boolean;
  /** Set when a failing critical guardrail turned the flag off. */
  flagDisabled: boolean;
}

/**
 * Checks the guardrails a plan step waits on, over each one's window before `now`. A guardrail that cannot be
 * read (deleted, no data source) fails: a rollout should not go on blind. Implemented by the alerts feature.
 */
export type GuardrailGate = (step: ScheduledChange, now: Date) => Promise<GuardrailReading[]>;
