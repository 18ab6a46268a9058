import type { ProjectSecretKey } from '../../secret-keys/project-secret-key.ts';
import type { ProjectSecretKeyStore } from '../../secret-keys/project-secret-key-store.ts';
import type { PostgresDatabase } from './postgres-database.ts';
import { date, num, optionalDate, str } from './row-values.ts';

export class PostgresProjectSecretKeyStore implements ProjectSecretKeyStore {
  constructor(private readonly db: PostgresDatabase) {}

  async listProjectSecretKeys(): Promise<ProjectSecretKey[]> {
    const rows = await this.db.run('SELECT * FROM project_secret_keys ORDER BY created_at, id');
    return rows.map((r) => ({
      id: str(r, 'id'),
      projectId: num(r, 'project_id'),
      label: str(r, 'label'),
      secretHash: str(r, 'secret_hash'),
      maskValue: str(r, 'mask_value'),
      createdAt: date(r, 'created_at'),
      createdBy: str(r, 'created_by'),
      expiresAt: optionalDate(r, 'expires_at'),
    }));
  }

  async insertProjectSecretKey(key: ProjectSecretKey): Promise<void> {
    await this.db.run('INSERT INTO project_secret_keys VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
      key.id,
      key.projectId,
      key.label,
      key.secretHash,
      key.maskValue,
      key.createdAt,
      key.createdBy,
      key.expiresAt,
    ]);
  }

  async setProjectSecretKeyExpiry(id: string, expiresAt: Date | null): Promise<void> {
    await this.db.run('UPDATE project_secret_keys SET expires_at = $1 WHERE id = $2', [expiresAt, id]);
  }

  async deleteProjectSecretKey(id: string): Promise<void> {
    await this.db.run('DELETE FROM project_secret_keys WHERE id = $1', [id]);
  }
}
