import { PROJECT } from '../api/endpoints.ts';
import { get, post } from '../api/http.ts';

export interface ChangeRequestPerson {
  id: string;
  name: string;
}

/** The server's change request (`packages/server/src/change-requests/change-request-json.ts`). */
export interface ChangeRequest {
  id: string;
  flag_id: number;
  flag_key: string;
  environment_id: number;
  status: 'pending' | 'applied' | 'rejected' | 'withdrawn' | 'stale';
  diff: { field: string; before: unknown; after: unknown }[];
  requested_by: ChangeRequestPerson;
  reason: string | null;
  required_approvals: number;
  approvals: (ChangeRequestPerson & { at: string })[];
  decided_by: ChangeRequestPerson | null;
  comment: string | null;
  created_at: string;
}

/** A flag write answered 202 carries a change request instead of the flag. */
export const isChangeRequest = (body: unknown): body is ChangeRequest =>
  typeof body === 'object' && body !== null && 'flag_id' in body && 'required_approvals' in body;

const BASE = `${PROJECT}/change_requests`;

export const listChangeRequests = (status: string) =>
  get<{ results: ChangeRequest[] }>(`${BASE}/${status ? `?status=${status}` : ''}`).then((r) => r.results);
export const getChangeRequest = (id: string) => get<ChangeRequest>(`${BASE}/${id}/`);
export const approveChangeRequest = (id: string) => post<ChangeRequest>(`${BASE}/${id}/approve/`, {});
export const rejectChangeRequest = (id: string, comment: string) =>
  post<ChangeRequest>(`${BASE}/${id}/reject/`, { comment });
export const withdrawChangeRequest = (id: string) => post<ChangeRequest>(`${BASE}/${id}/withdraw/`, {});
