import { randomBytes, randomUUID } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';
import type { Logger } from '../util/logger.ts';
import type { Notification, Notifier } from './notifier.ts';
import {
  isWebhookEvent,
  type WebhookEvent,
  type WebhookFormat,
  type WebhookSubscription,
} from './webhook.ts';
import type { WebhookDelivery } from './webhook-delivery.ts';
import { payloadOf } from './webhook-payload.ts';
import type { WebhookStore } from './webhook-store.ts';
import { checkWebhookUrl, type SelfAddress } from './webhook-url.ts';

export interface WebhookInput {
  url: string;
  events: string[];
  format?: WebhookFormat | undefined;
  enabled?: boolean | undefined;
}

export interface WebhookServiceDeps {
  store: WebhookStore;
  logger: Logger;
  /** This server's own addresses, which no subscription may point at. */
  selfAddresses: () => readonly SelfAddress[];
  /** Whether `mailto:` subscriptions can be delivered (SMTP is configured). */
  mailAllowed: boolean;
  /** Called after something was enqueued, so the worker sends it now rather than at its next poll. */
  wake: () => void;
  now?: () => Date;
}

const MAX_LOG_ROWS = 100;

/** Webhook subscriptions of a project, and the notifier that turns events into outbox rows for them. */
export class WebhookService implements Notifier {
  private readonly now: () => Date;

  constructor(private readonly deps: WebhookServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  list(projectId: number): Promise<WebhookSubscription[]> {
    return this.deps.store.listSubscriptions(projectId);
  }

  async get(projectId: number, id: string): Promise<WebhookSubscription> {
    const s = await this.deps.store.getSubscription(id);
    if (!s || s.projectId !== projectId) throw new AppError('WEBHOOK_NOT_FOUND', `No webhook "${id}".`);
    return s;
  }

  /** The secret is in the answer this once; later reads leave it out. */
  async create(projectId: number, input: WebhookInput, createdBy: string): Promise<WebhookSubscription> {
    const s: WebhookSubscription = {
      id: randomUUID(),
      projectId,
      url: this.checkedUrl(input.url),
      events: checkedEvents(input.events),
      format: input.format ?? 'json',
      enabled: input.enabled ?? true,
      secret: `whsec_${randomBytes(24).toString('hex')}`,
      createdAt: this.now(),
      createdBy,
      consecutiveFailures: 0,
      failing: false,
    };
    await this.deps.store.insertSubscription(s);
    return s;
  }

  async update(projectId: number, id: string, input: Partial<WebhookInput>): Promise<WebhookSubscription> {
    const s = await this.get(projectId, id);
    const next: WebhookSubscription = {
      ...s,
      url: input.url === undefined ? s.url : this.checkedUrl(input.url),
      events: input.events === undefined ? s.events : checkedEvents(input.events),
      format: input.format ?? s.format,
      enabled: input.enabled ?? s.enabled,
    };
    await this.deps.store.updateSubscription(next);
    return next;
  }

  async remove(projectId: number, id: string): Promise<void> {
    await this.get(projectId, id);
    await this.deps.store.deleteSubscription(id);
  }

  async deliveries(projectId: number, id: string, limit = MAX_LOG_ROWS): Promise<WebhookDelivery[]> {
    await this.get(projectId, id);
    return this.deps.store.listDeliveries(id, Math.min(limit, MAX_LOG_ROWS));
  }

  /** A ping to one subscription (whatever events it wants), through the outbox like any event. */
  async test(projectId: number, id: string, by: string): Promise<WebhookDelivery> {
    const s = await this.get(projectId, id);
    const at = this.now();
    const ping: Notification = {
      type: 'ping',
      projectId,
      environmentId: null,
      at,
      title: 'Test notification from Signpost',
      lines: [`Sent by ${by} to check this webhook.`],
      data: { test: true },
    };
    const [delivery] = await this.enqueueFor([s], ping);
    if (!delivery) throw new Error('a test delivery was not enqueued');
    return delivery;
  }

  async notify(n: Notification): Promise<void> {
    const subscribers = (await this.deps.store.listSubscriptions(n.projectId)).filter(
      (s) => s.enabled && n.type !== 'ping' && s.events.includes(n.type),
    );
    if (subscribers.length > 0) await this.enqueueFor(subscribers, n);
  }

  private async enqueueFor(
    subscriptions: WebhookSubscription[],
    n: Notification,
  ): Promise<WebhookDelivery[]> {
    const now = this.now();
    const deliveries = subscriptions.map((s): WebhookDelivery => {
      const id = randomUUID();
      return {
        id,
        subscriptionId: s.id,
        projectId: s.projectId,
        event: n.type,
        body: payloadOf(n, s.url.startsWith('mailto:') ? 'mail' : s.format, id),
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
        responseStatus: null,
        durationMs: null,
        response: null,
        lastAttemptAt: null,
      };
    });
    await this.deps.store.enqueue(deliveries);
    this.deps.wake();
    return deliveries;
  }

  private checkedUrl(url: string): string {
    return checkWebhookUrl(url, this.deps.selfAddresses(), this.deps.mailAllowed);
  }
}

function checkedEvents(events: string[]): WebhookEvent[] {
  const unknown = events.filter((e) => !isWebhookEvent(e));
  if (unknown.length > 0)
    throw new AppError('UNKNOWN_WEBHOOK_EVENT', `Unknown webhook event(s): ${unknown.join(', ')}.`, 'events');
  if (events.length === 0)
    throw new AppError('UNKNOWN_WEBHOOK_EVENT', 'A webhook needs at least one event.', 'events');
  return [...new Set(events)].filter(isWebhookEvent);
}
