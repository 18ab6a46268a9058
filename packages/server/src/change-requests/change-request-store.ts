import type { ChangeRequest, ChangeRequestStatus } from './change-request.ts';

/** "Changes to flags need N approvals": the project's default (`environmentId` null) or one environment's. */
export interface ApprovalSetting {
  projectId: number;
  environmentId: number | null;
  required: number;
}

/**
 * Change requests and the approval settings. Read from the store on every use (no cache): several nodes share
 * it, and reviews are rare next to flag reads. `update` is compare-and-set on `revision`, so two nodes deciding
 * one request at once cannot both win.
 */
export interface ChangeRequestStore {
  listApprovalSettings(projectId: number): Promise<ApprovalSetting[]>;
  /** `required` null removes the setting (an environment then follows the project's default). */
  setApprovalSetting(projectId: number, environmentId: number | null, required: number | null): Promise<void>;
  insertRequest(request: ChangeRequest): Promise<void>;
  getRequest(id: string): Promise<ChangeRequest | undefined>;
  /** Newest first. */
  listRequests(projectId: number, status?: ChangeRequestStatus): Promise<ChangeRequest[]>;
  /** Writes `request` (its `revision` already moved on) if the stored one is still at `expectedRevision`. */
  updateRequest(request: ChangeRequest, expectedRevision: number): Promise<boolean>;
}
