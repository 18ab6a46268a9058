import type { FlagValue } from '../client-api.ts';

/** One flag's answer for one user, from local evaluation or from `/flags`, with what the events report. */
export interface FlagOutcome {
  key: string;
  value: FlagValue;
  /** The payload, JSON-parsed; undefined when the flag is off or has none. */
  payload: unknown;
  locallyEvaluated: boolean;
  /** Human reason, e.g. "Matched condition set 1". */
  reason?: string;
  id?: number;
  version?: number;
  /** The flag has variants (remote answers only tell when the user got one). */
  multivariate: boolean;
  /** The server's experiment marker, when it sends one. */
  hasExperiment?: boolean;
}

/** Flags `/flags` returns for this user, plus the keys local evaluation could not decide. */
export interface FlagOutcomes {
  outcomes: Record<string, FlagOutcome>;
  undecided: string[];
}

/** PostHog stores payloads as JSON text; a value that is not valid JSON is handed back as the raw string. */
export function parsePayload(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw ?? undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
