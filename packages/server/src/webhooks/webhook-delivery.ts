import type { DeliveredEvent } from './webhook.ts';

/**
 * `pending`: waiting for `nextAttemptAt`; `sending`: claimed by a worker until `nextAttemptAt` (a lease, so a
 * node that died mid-send leaves it to be claimed again); `delivered`; `failed`: every retry used.
 */
export type DeliveryStatus = 'pending' | 'sending' | 'delivered' | 'failed';

/** One event for one subscription: the outbox row and, once tried, its latest attempt (the delivery log). */
export interface WebhookDelivery {
  id: string;
  subscriptionId: string;
  projectId: number;
  event: DeliveredEvent;
  /** The exact bytes sent (and signed), built once when the event happened. */
  body: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  createdAt: Date;
  /** Null until an attempt got an HTTP answer. */
  responseStatus: number | null;
  durationMs: number | null;
  /** The first bytes of the answer, or why there was none (timeout, refused connection). */
  response: string | null;
  lastAttemptAt: Date | null;
}

/** How one attempt ended, as the worker writes it back. */
export interface AttemptResult {
  deliveryId: string;
  status: Exclude<DeliveryStatus, 'sending'>;
  attempts: number;
  nextAttemptAt: Date;
  responseStatus: number | null;
  durationMs: number;
  response: string | null;
  at: Date;
}
