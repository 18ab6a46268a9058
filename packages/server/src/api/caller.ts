/**
 * Who is making an /api request. Members (sessions), personal keys and project secret keys are told apart so
 * that permissions, rate limits and the audit log can treat each kind on its own; `label` is the human name
 * shown in histories.
 */
export type CallerKind = 'session' | 'personal_key' | 'project_secret_key';

export interface Caller {
  kind: CallerKind;
  /** Stable id: the member's email for sessions, the key's id for keys. */
  id: string;
  label: string;
}
