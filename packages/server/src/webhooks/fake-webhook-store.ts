import type { WebhookSubscription } from './webhook.ts';
import type { AttemptResult, WebhookDelivery } from './webhook-delivery.ts';
import type { WebhookStore } from './webhook-store.ts';

const clone = <T>(value: T): T => structuredClone(value);

/** The in-memory fake: one process, so claiming is a plain loop (no other node can race it). */
export class FakeWebhookStore implements WebhookStore {
  private readonly subscriptions = new Map<string, WebhookSubscription>();
  private readonly deliveries = new Map<string, WebhookDelivery>();

  async listSubscriptions(projectId: number): Promise<WebhookSubscription[]> {
    return [...this.subscriptions.values()]
      .filter((s) => s.projectId === projectId)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1))
      .map(clone);
  }

  async getSubscription(id: string): Promise<WebhookSubscription | undefined> {
    const s = this.subscriptions.get(id);
    return s && clone(s);
  }

  async insertSubscription(s: WebhookSubscription): Promise<void> {
    this.subscriptions.set(s.id, clone(s));
  }

  async updateSubscription(s: WebhookSubscription): Promise<void> {
    const stored = this.subscriptions.get(s.id);
    if (stored)
      this.subscriptions.set(s.id, {
        ...stored,
        url: s.url,
        events: [...s.events],
        format: s.format,
        enabled: s.enabled,
      });
  }

  async deleteSubscription(id: string): Promise<void> {
    this.subscriptions.delete(id);
    for (const [key, d] of this.deliveries) if (d.subscriptionId === id) this.deliveries.delete(key);
  }

  async enqueue(deliveries: WebhookDelivery[]): Promise<void> {
    for (const d of deliveries) this.deliveries.set(d.id, clone(d));
  }

  async claimDue(now: Date, leaseUntil: Date, limit: number): Promise<WebhookDelivery[]> {
    const due = [...this.deliveries.values()]
      .filter((d) => (d.status === 'pending' || d.status === 'sending') && d.nextAttemptAt <= now)
      .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || (a.id < b.id ? -1 : 1))
      .slice(0, limit);
    for (const d of due) {
      d.status = 'sending';
      d.nextAttemptAt = leaseUntil;
    }
    return due.map(clone);
  }

  async recordAttempt(r: AttemptResult, subscriptionId: string | null, failAfter: number): Promise<void> {
    const d = this.deliveries.get(r.deliveryId);
    if (d) {
      Object.assign(d, {
        status: r.status,
        attempts: r.attempts,
        nextAttemptAt: r.nextAttemptAt,
        responseStatus: r.responseStatus,
        durationMs: r.durationMs,
        response: r.response,
        lastAttemptAt: r.at,
      });
    }
    const s = subscriptionId === null ? undefined : this.subscriptions.get(subscriptionId);
    if (!s) return;
    s.consecutiveFailures = r.status === 'delivered' ? 0 : s.consecutiveFailures + 1;
    s.failing = s.consecutiveFailures >= failAfter;
  }

  async listDeliveries(subscriptionId: string, limit: number): Promise<WebhookDelivery[]> {
    return [...this.deliveries.values()]
      .filter((d) => d.subscriptionId === subscriptionId)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .slice(0, limit)
      .map(clone);
  }
}
