import type { ChangeRequest, ChangeRequestStatus } from './change-request.ts';
import type { ApprovalSetting, ChangeRequestStore } from './change-request-store.ts';

const clone = <T>(value: T): T => structuredClone(value);

/** The in-memory fake: one process, so compare-and-set is a plain comparison. */
export class FakeChangeRequestStore implements ChangeRequestStore {
  private readonly settings = new Map<string, ApprovalSetting>();
  private readonly requests = new Map<string, ChangeRequest>();

  async listApprovalSettings(projectId: number): Promise<ApprovalSetting[]> {
    return [...this.settings.values()].filter((s) => s.projectId === projectId).map(clone);
  }

  async setApprovalSetting(projectId: number, environmentId: number | null, required: number | null) {
    const key = `${projectId}:${environmentId ?? ''}`;
    if (required === null) this.settings.delete(key);
    else this.settings.set(key, { projectId, environmentId, required });
  }

  async insertRequest(request: ChangeRequest): Promise<void> {
    this.requests.set(request.id, clone(request));
  }

  async getRequest(id: string): Promise<ChangeRequest | undefined> {
    const r = this.requests.get(id);
    return r && clone(r);
  }

  async listRequests(projectId: number, status?: ChangeRequestStatus): Promise<ChangeRequest[]> {
    return [...this.requests.values()]
      .filter((r) => r.projectId === projectId && (status === undefined || r.status === status))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .map(clone);
  }

  async updateRequest(request: ChangeRequest, expectedRevision: number): Promise<boolean> {
    const stored = this.requests.get(request.id);
    if (!stored || stored.revision !== expectedRevision) return false;
    this.requests.set(request.id, clone(request));
    return true;
  }
}
