import type { WebhookSubscription } from './webhook.ts';
import type { AttemptResult, WebhookDelivery } from './webhook-delivery.ts';

/**
 * Subscriptions and their outbox. Several nodes may share one store (PostgreSQL): `claimDue` hands each due row
 * to exactly one caller, and a claim is a lease, so rows of a node that died come back after `leaseUntil`.
 */
export interface WebhookStore {
  listSubscriptions(projectId: number): Promise<WebhookSubscription[]>;
  getSubscription(id: string): Promise<WebhookSubscription | undefined>;
  insertSubscription(s: WebhookSubscription): Promise<void>;
  /** Replaces the settings people edit: url, events, format, enabled. */
  updateSubscription(s: WebhookSubscription): Promise<void>;
  /** Deletes the subscription and its deliveries. */
  deleteSubscription(id: string): Promise<void>;
  enqueue(deliveries: WebhookDelivery[]): Promise<void>;
  /**
   * Takes up to `limit` deliveries due at `now` (pending, or sending with an expired lease), oldest first, marks
   * them `sending` until `leaseUntil` and returns them.
   */
  claimDue(now: Date, leaseUntil: Date, limit: number): Promise<WebhookDelivery[]>;
  /**
   * Writes an attempt's outcome, and counts it on the subscription (failing from `failAfter` in a row); a null
   * subscription counts nothing (the delivery was dropped, not tried).
   */
  recordAttempt(result: AttemptResult, subscriptionId: string | null, failAfter: number): Promise<void>;
  /** Newest first. */
  listDeliveries(subscriptionId: string, limit: number): Promise<WebhookDelivery[]>;
}
