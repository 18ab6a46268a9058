import type { WebhookSubscription } from './webhook.ts';
import type { WebhookDelivery } from './webhook-delivery.ts';

/** A subscription on the wire, without its secret (only the create answer adds it). */
export const webhookJson = (s: WebhookSubscription) => ({
  id: s.id,
  url: s.url,
  events: s.events,
  format: s.format,
  enabled: s.enabled,
  failing: s.failing,
  consecutive_failures: s.consecutiveFailures,
  created_at: s.createdAt.toISOString(),
  created_by: s.createdBy,
});

export const deliveryJson = (d: WebhookDelivery) => ({
  id: d.id,
  event: d.event,
  status: d.status,
  attempts: d.attempts,
  created_at: d.createdAt.toISOString(),
  next_attempt_at: d.status === 'pending' || d.status === 'sending' ? d.nextAttemptAt.toISOString() : null,
  last_attempt_at: d.lastAttemptAt?.toISOString() ?? null,
  response_status: d.responseStatus,
  duration_ms: d.durationMs,
  response: d.response,
});
