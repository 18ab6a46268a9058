import type { ChangeRequest, ChangeRequestStatus } from '../../change-requests/change-request.ts';
import type { ApprovalSetting, ChangeRequestStore } from '../../change-requests/change-request-store.ts';
import {
  PROJECT_DEFAULT,
  requestDocument,
  requestOf,
  CHANGE_REQUEST_SQL as SQL,
  settingOf,
} from '../change-request-sql.ts';
import type { DuckDbDatabase } from './duckdb-database.ts';
import { num, str, timestampValue } from './row-values.ts';

/** Reads go through the writer so a decision is seen by the very next read (reviews are rare). */
export class DuckDbChangeRequestStore implements ChangeRequestStore {
  constructor(private readonly db: DuckDbDatabase) {}

  async listApprovalSettings(projectId: number): Promise<ApprovalSetting[]> {
    return (await this.db.queryWriter(SQL.listSettings, [projectId])).map((r) =>
      settingOf(num(r, 'project_id'), num(r, 'environment_id'), num(r, 'required')),
    );
  }

  async setApprovalSetting(projectId: number, environmentId: number | null, required: number | null) {
    const environment = environmentId ?? PROJECT_DEFAULT;
    await this.db.write((c) =>
      required === null
        ? c.run(SQL.deleteSetting, [projectId, environment])
        : c.run(SQL.upsertSetting, [projectId, environment, required]),
    );
  }

  async insertRequest(r: ChangeRequest): Promise<void> {
    await this.db.write((c) =>
      c.run(SQL.insert, [
        r.id,
        r.projectId,
        r.environmentId,
        r.flagId,
        r.status,
        timestampValue(r.createdAt),
        r.revision,
        requestDocument(r),
      ]),
    );
  }

  async getRequest(id: string): Promise<ChangeRequest | undefined> {
    const [row] = await this.db.queryWriter(SQL.get, [id]);
    return row && requestOf(str(row, 'data'));
  }

  async listRequests(projectId: number, status?: ChangeRequestStatus): Promise<ChangeRequest[]> {
    const rows =
      status === undefined
        ? await this.db.queryWriter(SQL.list, [projectId])
        : await this.db.queryWriter(SQL.listByStatus, [projectId, status]);
    return rows.map((r) => requestOf(str(r, 'data')));
  }

  async updateRequest(r: ChangeRequest, expectedRevision: number): Promise<boolean> {
    const rows = await this.db.write(async (c) =>
      (
        await c.runAndReadAll(SQL.update, [r.id, r.status, r.revision, requestDocument(r), expectedRevision])
      ).getRowObjectsJS(),
    );
    return rows.length === 1;
  }
}
