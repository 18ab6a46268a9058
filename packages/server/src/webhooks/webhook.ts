/** Every event a subscription can ask for; flags emit theirs now, plans, guardrails and alerts emit the rest. */
export const WEBHOOK_EVENTS = [
  'flag.changed',
  'flag.archived',
  'flag.deleted',
  'experiment.state',
  'plan.step',
  'plan.paused',
  'guardrail.tripped',
  'alert.fired',
  'flags.stale_digest',
  'change_request.created',
  'change_request.approved',
  'change_request.applied',
  'change_request.rejected',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** What a delivery carries: a subscribed event, or the ping `POST …/webhooks/:id/test/` sends. */
export type DeliveredEvent = WebhookEvent | 'ping';

export const WEBHOOK_FORMATS = ['json', 'slack'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export const isWebhookEvent = (name: string): name is WebhookEvent =>
  (WEBHOOK_EVENTS as readonly string[]).includes(name);

/** A project's subscription: where to send which events, in which shape, signed with `secret`. */
export interface WebhookSubscription {
  id: string;
  projectId: number;
  url: string;
  events: WebhookEvent[];
  format: WebhookFormat;
  enabled: boolean;
  /**
   * Kept in plain text: signing needs the secret itself, so a hash cannot work, and Signpost has no key of its own
   * to encrypt it with. It is shown once at creation and never answered again; the data folder is the boundary.
   */
  secret: string;
  createdAt: Date;
  createdBy: string;
  /** Failed attempts in a row, any delivery; a success resets it. */
  consecutiveFailures: number;
  /** Set once `consecutiveFailures` reaches the limit; shown to people so a dead endpoint gets noticed. */
  failing: boolean;
}
