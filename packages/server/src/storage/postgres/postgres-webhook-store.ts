import type { WebhookSubscription } from '../../webhooks/webhook.ts';
import type { AttemptResult, WebhookDelivery } from '../../webhooks/webhook-delivery.ts';
import type { WebhookStore } from '../../webhooks/webhook-store.ts';
import { byDue, type Columns, deliveryOf, WEBHOOK_SQL as SQL, subscriptionOf } from '../webhook-sql.ts';
import type { PostgresDatabase, Row } from './postgres-database.ts';
import { date, num, optionalDate, optionalNum, optionalStr, str } from './row-values.ts';

const columns = (r: Row): Columns => ({
  str: (k) => str(r, k),
  num: (k) => num(r, k),
  bool: (k) => r[k] === true,
  date: (k) => date(r, k),
  optionalNum: (k) => optionalNum(r, k),
  optionalStr: (k) => optionalStr(r, k),
  optionalDate: (k) => optionalDate(r, k),
});

/**
 * Shared by every node: the claim locks the rows it takes and skips those another node's claim holds, so two
 * nodes polling at once split the due deliveries instead of both sending them.
 */
export class PostgresWebhookStore implements WebhookStore {
  constructor(private readonly db: PostgresDatabase) {}

  async listSubscriptions(projectId: number): Promise<WebhookSubscription[]> {
    return (await this.db.run(SQL.listSubscriptions, [projectId])).map((r) => subscriptionOf(columns(r)));
  }

  async getSubscription(id: string): Promise<WebhookSubscription | undefined> {
    const [row] = await this.db.run(SQL.getSubscription, [id]);
    return row && subscriptionOf(columns(row));
  }

  async insertSubscription(s: WebhookSubscription): Promise<void> {
    await this.db.run(SQL.insertSubscription, [
      s.id,
      s.projectId,
      s.url,
      JSON.stringify(s.events),
      s.format,
      s.enabled,
      s.secret,
      s.createdAt,
      s.createdBy,
    ]);
  }

  async updateSubscription(s: WebhookSubscription): Promise<void> {
    await this.db.run(SQL.updateSubscription, [s.id, s.url, JSON.stringify(s.events), s.format, s.enabled]);
  }

  async deleteSubscription(id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run(SQL.deleteDeliveriesOf, [id]);
      await tx.run(SQL.deleteSubscription, [id]);
    });
  }

  async enqueue(deliveries: WebhookDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.db.transaction(async (tx) => {
      for (const d of deliveries)
        await tx.run(SQL.insertDelivery, [
          d.id,
          d.subscriptionId,
          d.projectId,
          d.event,
          d.body,
          d.nextAttemptAt,
          d.createdAt,
        ]);
    });
  }

  async claimDue(now: Date, leaseUntil: Date, limit: number): Promise<WebhookDelivery[]> {
    const rows = await this.db.run(SQL.claim(true), [now, leaseUntil, limit]);
    return rows.map((r) => deliveryOf(columns(r))).sort(byDue);
  }

  async recordAttempt(r: AttemptResult, subscriptionId: string | null, failAfter: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run(SQL.recordAttempt, [
        r.deliveryId,
        r.status,
        r.attempts,
        r.nextAttemptAt,
        r.responseStatus,
        r.durationMs,
        r.response,
        r.at,
      ]);
      if (subscriptionId !== null)
        await tx.run(SQL.countAttempt, [subscriptionId, r.status === 'delivered', failAfter]);
    });
  }

  async listDeliveries(subscriptionId: string, limit: number): Promise<WebhookDelivery[]> {
    return (await this.db.run(SQL.listDeliveries, [subscriptionId, limit])).map((r) =>
      deliveryOf(columns(r)),
    );
  }
}
