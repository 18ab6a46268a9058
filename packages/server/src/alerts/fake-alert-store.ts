import type { Alert, AlertCheck } from './alert.ts';
import type { AlertStore } from './alert-store.ts';

const clone = <T>(value: T): T => structuredClone(value);
const byCreation = (a: Alert, b: Alert) =>
  a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1);

/** The in-memory fake: one process, so a claim is a plain loop (no other node can race it). */
export class FakeAlertStore implements AlertStore {
  private readonly alerts = new Map<string, Alert>();

  async list(projectId: number): Promise<Alert[]> {
    return [...this.alerts.values()]
      .filter((a) => a.projectId === projectId)
      .sort(byCreation)
      .map(clone);
  }

  async get(id: string): Promise<Alert | undefined> {
    const a = this.alerts.get(id);
    return a && clone(a);
  }

  async insert(alert: Alert): Promise<void> {
    this.alerts.set(alert.id, clone(alert));
  }

  async update(alert: Alert): Promise<void> {
    const stored = this.alerts.get(alert.id);
    if (!stored) return;
    const { name, enabled, spec, action, checkIntervalMinutes, nextCheckAt } = clone(alert);
    Object.assign(stored, { name, enabled, spec, action, checkIntervalMinutes, nextCheckAt });
  }

  async delete(id: string): Promise<void> {
    this.alerts.delete(id);
  }

  async claimDue(now: Date, leaseUntil: Date, limit: number): Promise<Alert[]> {
    const due = [...this.alerts.values()]
      .filter((a) => a.enabled && a.nextCheckAt <= now)
      .sort((a, b) => a.nextCheckAt.getTime() - b.nextCheckAt.getTime() || (a.id < b.id ? -1 : 1))
      .slice(0, limit);
    for (const a of due) a.nextCheckAt = leaseUntil;
    return due.map(clone);
  }

  async recordCheck(c: AlertCheck): Promise<void> {
    const a = this.alerts.get(c.alertId);
    if (!a) return;
    Object.assign(a, {
      state: c.state,
      lastValue: c.value,
      lastMessage: c.message,
      lastCheckedAt: c.checkedAt,
      nextCheckAt: c.nextCheckAt,
    });
  }
}
