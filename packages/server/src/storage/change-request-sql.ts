import type { Approval, ChangeRequest } from '../change-requests/change-request.ts';
import type { ApprovalSetting } from '../change-requests/change-request-store.ts';

/**
 * The change-request store's SQL, written once for DuckDB and PostgreSQL (both number parameters `$n`). A request
 * is one JSON document plus the columns it is looked up by; `environment_id` 0 in the settings table is the
 * project's default (no environment has id 0).
 */
export const CHANGE_REQUEST_SQL = {
  listSettings: 'SELECT * FROM flag_approval_settings WHERE project_id = $1 ORDER BY environment_id',
  upsertSetting:
    'INSERT INTO flag_approval_settings (project_id, environment_id, required) VALUES ($1, $2, $3) ON CONFLICT (project_id, environment_id) DO UPDATE SET required = excluded.required',
  deleteSetting: 'DELETE FROM flag_approval_settings WHERE project_id = $1 AND environment_id = $2',
  insert:
    'INSERT INTO flag_change_requests (id, project_id, environment_id, flag_id, status, created_at, revision, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
  get: 'SELECT * FROM flag_change_requests WHERE id = $1',
  list: 'SELECT * FROM flag_change_requests WHERE project_id = $1 ORDER BY created_at DESC, id DESC',
  listByStatus:
    'SELECT * FROM flag_change_requests WHERE project_id = $1 AND status = $2 ORDER BY created_at DESC, id DESC',
  update:
    'UPDATE flag_change_requests SET status = $2, revision = $3, data = $4 WHERE id = $1 AND revision = $5 RETURNING id',
} as const;

export const PROJECT_DEFAULT = 0;

export const settingOf = (projectId: number, environmentId: number, required: number): ApprovalSetting => ({
  projectId,
  environmentId: environmentId === PROJECT_DEFAULT ? null : environmentId,
  required,
});

/** The JSON document column; dates travel as ISO strings. */
export const requestDocument = (r: ChangeRequest): string => JSON.stringify(r);

interface StoredApproval extends Omit<Approval, 'at'> {
  at: string;
}
interface StoredRequest extends Omit<ChangeRequest, 'createdAt' | 'updatedAt' | 'approvals'> {
  createdAt: string;
  updatedAt: string;
  approvals: StoredApproval[];
}

export function requestOf(data: string): ChangeRequest {
  const stored = JSON.parse(data) as StoredRequest;
  return {
    ...stored,
    createdAt: new Date(stored.createdAt),
    updatedAt: new Date(stored.updatedAt),
    approvals: stored.approvals.map((a) => ({ ...a, at: new Date(a.at) })),
  };
}
