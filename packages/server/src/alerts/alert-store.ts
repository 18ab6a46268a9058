import type { Alert, AlertCheck } from './alert.ts';

/**
 * Alerts and guardrails with their check state. Several nodes may share one store (PostgreSQL): `claimDue`
 * hands each due alert to one caller and moves its `nextCheckAt` to `leaseUntil`, so an alert is checked once
 * per interval however many nodes poll, and the alert of a node that died is due again after the lease.
 */
export interface AlertStore {
  /** Oldest first. */
  list(projectId: number): Promise<Alert[]>;
  get(id: string): Promise<Alert | undefined>;
  insert(alert: Alert): Promise<void>;
  /** Replaces what people edit (name, enabled, spec, action, interval) and when the next check is due. */
  update(alert: Alert): Promise<void>;
  delete(id: string): Promise<void>;
  /** Up to `limit` enabled alerts due at `now`, soonest first, leased until `leaseUntil`. */
  claimDue(now: Date, leaseUntil: Date, limit: number): Promise<Alert[]>;
  recordCheck(check: AlertCheck): Promise<void>;
}
