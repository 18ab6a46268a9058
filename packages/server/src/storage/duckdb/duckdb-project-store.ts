import type { Scope } from '../../access/scopes.ts';
import type { Environment, EnvironmentChanges } from '../../projects/environment.ts';
import type { PersonalApiKey, Project } from '../../projects/project.ts';
import type { ProjectChanges, ProjectStore } from '../../projects/project-store.ts';
import type { DuckDbDatabase } from './duckdb-database.ts';
import { date, num, str, timestampValue } from './row-values.ts';
import { deleteEnvironmentRows, deleteProjectRows, takeTeamId } from './team-rows.ts';

export class DuckDbProjectStore implements ProjectStore {
  constructor(private readonly db: DuckDbDatabase) {}

  async listProjects(): Promise<Project[]> {
    const rows = await this.db.queryWriter('SELECT * FROM projects ORDER BY id');
    return rows.map((r) => ({
      id: num(r, 'id'),
      name: str(r, 'name'),
      apiToken: str(r, 'api_token'),
      timezone: str(r, 'timezone'),
      createdAt: date(r, 'created_at'),
    }));
  }

  insertProject(project: Omit<Project, 'id'>, environmentName: string): Promise<Project> {
    return this.db.transaction(async (c) => {
      const id = await takeTeamId(c);
      const created = timestampValue(project.createdAt);
      await c.run('INSERT INTO projects VALUES ($1, $2, $3, $4, $5)', [
        id,
        project.name,
        project.apiToken,
        project.timezone,
        created,
      ]);
      await c.run('INSERT INTO environments VALUES ($1, $1, $2, $3, true, $4)', [
        id,
        environmentName,
        project.apiToken,
        created,
      ]);
      return { ...project, id };
    });
  }

  async updateProject(id: number, changes: ProjectChanges): Promise<void> {
    await this.db.transaction(async (c) => {
      if (changes.name !== undefined)
        await c.run('UPDATE projects SET name = $1 WHERE id = $2', [changes.name, id]);
      if (changes.timezone !== undefined)
        await c.run('UPDATE projects SET timezone = $1 WHERE id = $2', [changes.timezone, id]);
    });
  }

  async deleteProject(id: number): Promise<void> {
    await this.db.transaction((c) => deleteProjectRows(c, id));
  }

  async listEnvironments(): Promise<Environment[]> {
    const rows = await this.db.queryWriter('SELECT * FROM environments ORDER BY id');
    return rows.map((r) => ({
      id: num(r, 'id'),
      projectId: num(r, 'project_id'),
      name: str(r, 'name'),
      apiToken: str(r, 'api_token'),
      production: r.production === true,
      createdAt: date(r, 'created_at'),
    }));
  }

  insertEnvironment(environment: Omit<Environment, 'id'>): Promise<Environment> {
    return this.db.transaction(async (c) => {
      const id = await takeTeamId(c);
      await c.run('INSERT INTO environments VALUES ($1, $2, $3, $4, $5, $6)', [
        id,
        environment.projectId,
        environment.name,
        environment.apiToken,
        environment.production,
        timestampValue(environment.createdAt),
      ]);
      return { ...environment, id };
    });
  }

  async updateEnvironment(id: number, changes: EnvironmentChanges): Promise<void> {
    await this.db.transaction(async (c) => {
      if (changes.name !== undefined)
        await c.run('UPDATE environments SET name = $1 WHERE id = $2', [changes.name, id]);
      if (changes.production !== undefined)
        await c.run('UPDATE environments SET production = $1 WHERE id = $2', [changes.production, id]);
      if (changes.apiToken !== undefined) {
        await c.run('UPDATE environments SET api_token = $1 WHERE id = $2', [changes.apiToken, id]);
        // The project row mirrors its first environment's key (older readers of the folder use it).
        await c.run('UPDATE projects SET api_token = $1 WHERE id = $2', [changes.apiToken, id]);
      }
    });
  }

  async deleteEnvironment(id: number): Promise<void> {
    await this.db.transaction((c) => deleteEnvironmentRows(c, id));
  }

  async listPersonalApiKeys(): Promise<PersonalApiKey[]> {
    const rows = await this.db.queryWriter('SELECT * FROM personal_api_keys ORDER BY created_at');
    return rows.map((r) => ({
      id: str(r, 'id'),
      label: str(r, 'label'),
      secretHash: str(r, 'secret_hash'),
      maskValue: str(r, 'mask_value'),
      projectId: num(r, 'project_id'),
      createdAt: date(r, 'created_at'),
      userId: r.user_id === null || r.user_id === undefined ? undefined : str(r, 'user_id'),
      scopes: r.scopes ? (JSON.parse(str(r, 'scopes')) as Scope[]) : ['*'],
      expiresAt: r.expires_at ? date(r, 'expires_at') : undefined,
      lastUsedAt: r.last_used_at ? date(r, 'last_used_at') : undefined,
    }));
  }

  async touchPersonalApiKey(id: string, at: Date): Promise<void> {
    await this.db.write((c) =>
      c.run('UPDATE personal_api_keys SET last_used_at = $1 WHERE id = $2', [timestampValue(at), id]),
    );
  }

  async insertPersonalApiKey(key: PersonalApiKey): Promise<void> {
    await this.db.write((c) =>
      c.run(
        `INSERT INTO personal_api_keys (id, label, secret_hash, mask_value, project_id, created_at, user_id, scopes,
          expires_at, last_used_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL)`,
        [
          key.id,
          key.label,
          key.secretHash,
          key.maskValue,
          key.projectId,
          timestampValue(key.createdAt),
          key.userId ?? null,
          JSON.stringify(key.scopes),
          key.expiresAt ? timestampValue(key.expiresAt) : null,
        ],
      ),
    );
  }

  async deletePersonalApiKey(id: string): Promise<void> {
    await this.db.write((c) => c.run('DELETE FROM personal_api_keys WHERE id = $1', [id]));
  }
}
