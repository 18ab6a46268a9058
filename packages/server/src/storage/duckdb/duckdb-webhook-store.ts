import type { WebhookSubscription } from '../../webhooks/webhook.ts';
import type { AttemptResult, WebhookDelivery } from '../../webhooks/webhook-delivery.ts';
import type { WebhookStore } from '../../webhooks/webhook-store.ts';
import { byDue, type Columns, deliveryOf, WEBHOOK_SQL as SQL, subscriptionOf } from '../webhook-sql.ts';
import type { DuckDbDatabase, Row } from './duckdb-database.ts';
import { bool, date, num, str, timestampValue } from './row-values.ts';

const missing = (v: unknown) => v === null || v === undefined;
const columns = (r: Row): Columns => ({
  str: (k) => str(r, k),
  num: (k) => num(r, k),
  bool: (k) => bool(r, k),
  date: (k) => date(r, k),
  optionalNum: (k) => (missing(r[k]) ? null : num(r, k)),
  optionalStr: (k) => (missing(r[k]) ? null : str(r, k)),
  optionalDate: (k) => (missing(r[k]) ? null : date(r, k)),
});

/** One process writes DuckDB, through its single write connection: a claim cannot race another node. */
export class DuckDbWebhookStore implements WebhookStore {
  constructor(private readonly db: DuckDbDatabase) {}

  async listSubscriptions(projectId: number): Promise<WebhookSubscription[]> {
    return (await this.db.queryWriter(SQL.listSubscriptions, [projectId])).map((r) =>
      subscriptionOf(columns(r)),
    );
  }

  async getSubscription(id: string): Promise<WebhookSubscription | undefined> {
    const [row] = await this.db.queryWriter(SQL.getSubscription, [id]);
    return row && subscriptionOf(columns(row));
  }

  async insertSubscription(s: WebhookSubscription): Promise<void> {
    await this.db.write((c) =>
      c.run(SQL.insertSubscription, [
        s.id,
        s.projectId,
        s.url,
        JSON.stringify(s.events),
        s.format,
        s.enabled,
        s.secret,
        timestampValue(s.createdAt),
        s.createdBy,
      ]),
    );
  }

  async updateSubscription(s: WebhookSubscription): Promise<void> {
    await this.db.write((c) =>
      c.run(SQL.updateSubscription, [s.id, s.url, JSON.stringify(s.events), s.format, s.enabled]),
    );
  }

  async deleteSubscription(id: string): Promise<void> {
    await this.db.write(async (c) => {
      await c.run(SQL.deleteDeliveriesOf, [id]);
      await c.run(SQL.deleteSubscription, [id]);
    });
  }

  async enqueue(deliveries: WebhookDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.db.write(async (c) => {
      for (const d of deliveries)
        await c.run(SQL.insertDelivery, [
          d.id,
          d.subscriptionId,
          d.projectId,
          d.event,
          d.body,
          timestampValue(d.nextAttemptAt),
          timestampValue(d.createdAt),
        ]);
    });
  }

  async claimDue(now: Date, leaseUntil: Date, limit: number): Promise<WebhookDelivery[]> {
    const rows = await this.db.write(async (c) =>
      (
        await c.runAndReadAll(SQL.claim(false), [timestampValue(now), timestampValue(leaseUntil), limit])
      ).getRowObjectsJS(),
    );
    return rows.map((r) => deliveryOf(columns(r))).sort(byDue);
  }

  async recordAttempt(r: AttemptResult, subscriptionId: string | null, failAfter: number): Promise<void> {
    await this.db.write(async (c) => {
      await c.run(SQL.recordAttempt, [
        r.deliveryId,
        r.status,
        r.attempts,
        timestampValue(r.nextAttemptAt),
        r.responseStatus,
        r.durationMs,
        r.response,
        timestampValue(r.at),
      ]);
      if (subscriptionId !== null)
        await c.run(SQL.countAttempt, [subscriptionId, r.status === 'delivered', failAfter]);
    });
  }

  async listDeliveries(subscriptionId: string, limit: number): Promise<WebhookDelivery[]> {
    return (await this.db.queryWriter(SQL.listDeliveries, [subscriptionId, limit])).map((r) =>
      deliveryOf(columns(r)),
    );
  }
}
