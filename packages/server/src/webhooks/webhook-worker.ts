import type { Logger } from '../util/logger.ts';
import type { AttemptResult, WebhookDelivery } from './webhook-delivery.ts';
import type { Sender } from './webhook-sender.ts';
import type { WebhookStore } from './webhook-store.ts';

/** After the first attempt fails: 30 s, 2 min, 10 min, 1 h, 6 h, then the delivery is given up. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [30e3, 120e3, 600e3, 3600e3, 21600e3];

export interface WebhookWorkerOptions {
  store: WebhookStore;
  sender: Sender;
  logger: Logger;
  now?: () => Date;
  retryDelaysMs?: readonly number[];
  /** How often the outbox is looked at when nothing woke the worker (retries come due, other nodes enqueue). */
  pollMs?: number;
  /** Most deliveries in flight at once. */
  batch?: number;
  /** How long a claim holds; longer than a send's timeout, so a live worker never loses its own rows. */
  leaseMs?: number;
  /** Failed attempts in a row after which a subscription shows as failing. */
  failAfter?: number;
}

/**
 * Sends the outbox. Nothing waits on it: a change only enqueues and wakes it. Every node runs one; the store's
 * claim decides who sends what, so a delivery goes out once however many nodes poll.
 */
export class WebhookWorker {
  private readonly now: () => Date;
  private readonly retryDelays: readonly number[];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private again = false;
  private stopped = true;

  constructor(private readonly o: WebhookWorkerOptions) {
    this.now = o.now ?? (() => new Date());
    this.retryDelays = o.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  }

  start(): void {
    this.stopped = false;
    this.wake();
  }

  /** Runs a pass now (or right after the current one), e.g. because a change was just enqueued. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.drain()
      .catch((error: unknown) => this.o.logger.warn('webhook delivery pass failed', { error: String(error) }))
      .finally(() => {
        this.running = undefined;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          this.wake();
        } else {
          this.timer = setTimeout(() => this.wake(), this.o.pollMs ?? 1000);
          this.timer.unref();
        }
      });
  }

  /** Stops polling and waits for the sends in flight (each ends within the sender's timeout). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await Promise.all(this.inFlight);
  }

  /**
   * Claims only as many deliveries as there is room for and does not wait for their answers: one hanging
   * receiver holds one slot for its timeout, not the whole outbox.
   */
  private async drain(): Promise<void> {
    const slots = this.o.batch ?? 10;
    while (!this.stopped) {
      const room = slots - this.inFlight.size;
      if (room <= 0) return;
      const now = this.now();
      const lease = new Date(now.getTime() + (this.o.leaseMs ?? 60_000));
      const claimed = await this.o.store.claimDue(now, lease, room);
      for (const d of claimed) {
        const sending: Promise<void> = this.attempt(d)
          .catch((error: unknown) =>
            this.o.logger.warn('webhook attempt not recorded', { delivery: d.id, error: String(error) }),
          )
          .finally(() => {
            this.inFlight.delete(sending);
            this.wake();
          });
        this.inFlight.add(sending);
      }
      if (claimed.length < room) return;
    }
  }

  private async attempt(d: WebhookDelivery): Promise<void> {
    const failAfter = this.o.failAfter ?? 10;
    const subscription = await this.o.store.getSubscription(d.subscriptionId);
    const at = this.now();
    if (!subscription?.enabled) {
      const dropped: AttemptResult = {
        deliveryId: d.id,
        status: 'failed',
        attempts: d.attempts,
        nextAttemptAt: at,
        responseStatus: null,
        durationMs: 0,
        response: 'not sent: the subscription was disabled',
        at,
      };
      await this.o.store.recordAttempt(dropped, null, failAfter);
      return;
    }
    const outcome = await this.o.sender.send(
      { url: subscription.url, secret: subscription.secret, body: d.body, event: d.event, deliveryId: d.id },
      at,
    );
    const attempts = d.attempts + 1;
    const delay = this.retryDelays[attempts - 1];
    const done = this.now();
    const result: AttemptResult = {
      deliveryId: d.id,
      status: outcome.ok ? 'delivered' : delay === undefined ? 'failed' : 'pending',
      attempts,
      nextAttemptAt: new Date(done.getTime() + (outcome.ok || delay === undefined ? 0 : delay)),
      responseStatus: outcome.status,
      durationMs: outcome.durationMs,
      response: outcome.response,
      at: done,
    };
    await this.o.store.recordAttempt(result, subscription.id, failAfter);
    if (!outcome.ok)
      this.o.logger.info('webhook attempt failed', {
        delivery: d.id,
        attempts,
        status: outcome.status,
        retry: result.status === 'pending',
      });
  }
}
