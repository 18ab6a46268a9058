import type { WebhookFormat, WebhookSubscription } from '../webhooks/webhook.ts';
import { isWebhookEvent } from '../webhooks/webhook.ts';
import type { DeliveryStatus, WebhookDelivery } from '../webhooks/webhook-delivery.ts';

/**
 * The webhook store's SQL, written once for DuckDB and PostgreSQL (both number parameters `$n`). Only the claim
 * differs: PostgreSQL's nodes race for rows and skip the ones another node holds locked.
 */
export const WEBHOOK_SQL = {
  insertSubscription:
    'INSERT INTO webhooks (id, project_id, url, events, format, enabled, secret, created_at, created_by, consecutive_failures, failing) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, false)',
  updateSubscription: 'UPDATE webhooks SET url = $2, events = $3, format = $4, enabled = $5 WHERE id = $1',
  listSubscriptions: 'SELECT * FROM webhooks WHERE project_id = $1 ORDER BY created_at, id',
  getSubscription: 'SELECT * FROM webhooks WHERE id = $1',
  deleteDeliveriesOf: 'DELETE FROM webhook_deliveries WHERE webhook_id = $1',
  deleteSubscription: 'DELETE FROM webhooks WHERE id = $1',
  insertDelivery:
    "INSERT INTO webhook_deliveries (id, webhook_id, project_id, event, body, status, attempts, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6, $7)",
  claim: (skipLocked: boolean) =>
    `UPDATE webhook_deliveries SET status = 'sending', next_attempt_at = $2 WHERE id IN (
       SELECT id FROM webhook_deliveries WHERE status IN ('pending', 'sending') AND next_attempt_at <= $1
       ORDER BY next_attempt_at, id LIMIT $3${skipLocked ? ' FOR UPDATE SKIP LOCKED' : ''})
     RETURNING *`,
  recordAttempt:
    'UPDATE webhook_deliveries SET status = $2, attempts = $3, next_attempt_at = $4, response_status = $5, duration_ms = $6, response = $7, last_attempt_at = $8 WHERE id = $1',
  // Both SET expressions read the row as it was, so `failing` sees the count before this attempt.
  countAttempt:
    'UPDATE webhooks SET consecutive_failures = CASE WHEN $2 THEN 0 ELSE consecutive_failures + 1 END, failing = (NOT $2 AND consecutive_failures + 1 >= $3) WHERE id = $1',
  listDeliveries:
    'SELECT * FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2',
} as const;

/** Reads a column through the adapter's own narrowing (each driver returns its own value types). */
export interface Columns {
  str(key: string): string;
  num(key: string): number;
  bool(key: string): boolean;
  date(key: string): Date;
  optionalNum(key: string): number | null;
  optionalStr(key: string): string | null;
  optionalDate(key: string): Date | null;
}

export function subscriptionOf(r: Columns): WebhookSubscription {
  const events: unknown = JSON.parse(r.str('events'));
  return {
    id: r.str('id'),
    projectId: r.num('project_id'),
    url: r.str('url'),
    events: Array.isArray(events)
      ? events.filter((e): e is string => typeof e === 'string').filter(isWebhookEvent)
      : [],
    format: r.str('format') as WebhookFormat,
    enabled: r.bool('enabled'),
    secret: r.str('secret'),
    createdAt: r.date('created_at'),
    createdBy: r.str('created_by'),
    consecutiveFailures: r.num('consecutive_failures'),
    failing: r.bool('failing'),
  };
}

export function deliveryOf(r: Columns): WebhookDelivery {
  return {
    id: r.str('id'),
    subscriptionId: r.str('webhook_id'),
    projectId: r.num('project_id'),
    event: r.str('event') as WebhookDelivery['event'],
    body: r.str('body'),
    status: r.str('status') as DeliveryStatus,
    attempts: r.num('attempts'),
    nextAttemptAt: r.date('next_attempt_at'),
    createdAt: r.date('created_at'),
    responseStatus: r.optionalNum('response_status'),
    durationMs: r.optionalNum('duration_ms'),
    response: r.optionalStr('response'),
    lastAttemptAt: r.optionalDate('last_attempt_at'),
  };
}

export const byDue = (a: WebhookDelivery, b: WebhookDelivery) =>
  a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || (a.id < b.id ? -1 : 1);
