import type { ChangeRequest, ChangeRequestStatus } from '../../change-requests/change-request.ts';
import type { ApprovalSetting, ChangeRequestStore } from '../../change-requests/change-request-store.ts';
import {
  PROJECT_DEFAULT,
  requestDocument,
  requestOf,
  CHANGE_REQUEST_SQL as SQL,
  settingOf,
} from '../change-request-sql.ts';
import type { PostgresDatabase } from './postgres-database.ts';
import { num, str } from './row-values.ts';

/** Shared by every node: `updateRequest`'s revision check is what stops two nodes deciding one request twice. */
export class PostgresChangeRequestStore implements ChangeRequestStore {
  constructor(private readonly db: PostgresDatabase) {}

  async listApprovalSettings(projectId: number): Promise<ApprovalSetting[]> {
    return (await this.db.run(SQL.listSettings, [projectId])).map((r) =>
      settingOf(num(r, 'project_id'), num(r, 'environment_id'), num(r, 'required')),
    );
  }

  async setApprovalSetting(projectId: number, environmentId: number | null, required: number | null) {
    const environment = environmentId ?? PROJECT_DEFAULT;
    if (required === null) await this.db.run(SQL.deleteSetting, [projectId, environment]);
    else await this.db.run(SQL.upsertSetting, [projectId, environment, required]);
  }

  async insertRequest(r: ChangeRequest): Promise<void> {
    await this.db.run(SQL.insert, [
      r.id,
      r.projectId,
      r.environmentId,
      r.flagId,
      r.status,
      r.createdAt,
      r.revision,
      requestDocument(r),
    ]);
  }

  async getRequest(id: string): Promise<ChangeRequest | undefined> {
    const [row] = await this.db.run(SQL.get, [id]);
    return row && requestOf(str(row, 'data'));
  }

  async listRequests(projectId: number, status?: ChangeRequestStatus): Promise<ChangeRequest[]> {
    const rows =
      status === undefined
        ? await this.db.run(SQL.list, [projectId])
        : await this.db.run(SQL.listByStatus, [projectId, status]);
    return rows.map((r) => requestOf(str(r, 'data')));
  }

  async updateRequest(r: ChangeRequest, expectedRevision: number): Promise<boolean> {
    const rows = await this.db.run(SQL.update, [
      r.id,
      r.status,
      r.revision,
      requestDocument(r),
      expectedRevision,
    ]);
    return rows.length === 1;
  }
}
