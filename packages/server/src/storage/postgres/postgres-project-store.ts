import type { Scope } from '../../access/scopes.ts';
import type { Environment, EnvironmentChanges } from '../../projects/environment.ts';
import type { PersonalApiKey, Project } from '../../projects/project.ts';
import type { ProjectChanges, ProjectStore } from '../../projects/project-store.ts';
import type { PostgresDatabase, Row } from './postgres-database.ts';
import { date, num, optionalDate, optionalStr, str } from './row-values.ts';
import { deleteEnvironmentRows, deleteProjectRows, takeTeamId } from './team-rows.ts';

const toProject = (r: Row): Project => ({
  id: num(r, 'id'),
  name: str(r, 'name'),
  apiToken: str(r, 'api_token'),
  timezone: str(r, 'timezone'),
  createdAt: date(r, 'created_at'),
});

const toEnvironment = (r: Row): Environment => ({
  id: num(r, 'id'),
  projectId: num(r, 'project_id'),
  name: str(r, 'name'),
  apiToken: str(r, 'api_token'),
  production: r.production === true,
  createdAt: date(r, 'created_at'),
});

const toKey = (r: Row): PersonalApiKey => ({
  id: str(r, 'id'),
  label: str(r, 'label'),
  secretHash: str(r, 'secret_hash'),
  maskValue: str(r, 'mask_value'),
  projectId: num(r, 'project_id'),
  createdAt: date(r, 'created_at'),
  userId: optionalStr(r, 'user_id') ?? undefined,
  scopes: Array.isArray(r.scopes) ? (r.scopes as Scope[]) : ['*'],
  expiresAt: optionalDate(r, 'expires_at') ?? undefined,
  lastUsedAt: optionalDate(r, 'last_used_at') ?? undefined,
});

export class PostgresProjectStore implements ProjectStore {
  constructor(private readonly db: PostgresDatabase) {}

  async listProjects(): Promise<Project[]> {
    return (await this.db.run('SELECT * FROM projects ORDER BY id')).map(toProject);
  }

  insertProject(project: Omit<Project, 'id'>, environmentName: string): Promise<Project> {
    return this.db.transaction(async (tx) => {
      const id = await takeTeamId(tx);
      await tx.run('INSERT INTO projects VALUES ($1, $2, $3, $4, $5)', [
        id,
        project.name,
        project.apiToken,
        project.timezone,
        project.createdAt,
      ]);
      await tx.run('INSERT INTO environments VALUES ($1, $1, $2, $3, true, $4)', [
        id,
        environmentName,
        project.apiToken,
        project.createdAt,
      ]);
      return { ...project, id };
    });
  }

  async updateProject(id: number, changes: ProjectChanges): Promise<void> {
    // Absent changes bind NULL and keep the stored value: one statement, whatever the mix.
    await this.db.run(
      'UPDATE projects SET name = coalesce($1, name), timezone = coalesce($2, timezone) WHERE id = $3',
      [changes.name ?? null, changes.timezone ?? null, id],
    );
  }

  async deleteProject(id: number): Promise<void> {
    await this.db.transaction((tx) => deleteProjectRows(tx, id));
  }

  async listEnvironments(): Promise<Environment[]> {
    return (await this.db.run('SELECT * FROM environments ORDER BY id')).map(toEnvironment);
  }

  insertEnvironment(environment: Omit<Environment, 'id'>): Promise<Environment> {
    return this.db.transaction(async (tx) => {
      const id = await takeTeamId(tx);
      await tx.run('INSERT INTO environments VALUES ($1, $2, $3, $4, $5, $6)', [
        id,
        environment.projectId,
        environment.name,
        environment.apiToken,
        environment.production,
        environment.createdAt,
      ]);
      return { ...environment, id };
    });
  }

  async updateEnvironment(id: number, changes: EnvironmentChanges): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run(
        `UPDATE environments SET name = coalesce($1, name), production = coalesce($2, production),
           api_token = coalesce($3, api_token) WHERE id = $4`,
        [changes.name ?? null, changes.production ?? null, changes.apiToken ?? null, id],
      );
      // The project row mirrors its first environment's key, as in the DuckDB schema.
      if (changes.apiToken !== undefined)
        await tx.run('UPDATE projects SET api_token = $1 WHERE id = $2', [changes.apiToken, id]);
    });
  }

  async deleteEnvironment(id: number): Promise<void> {
    await this.db.transaction((tx) => deleteEnvironmentRows(tx, id));
  }

  async listPersonalApiKeys(): Promise<PersonalApiKey[]> {
    return (await this.db.run('SELECT * FROM personal_api_keys ORDER BY created_at, id')).map(toKey);
  }

  async insertPersonalApiKey(key: PersonalApiKey): Promise<void> {
    await this.db.run(
      `INSERT INTO personal_api_keys (id, label, secret_hash, mask_value, project_id, created_at, user_id, scopes,
        expires_at, last_used_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL)`,
      [
        key.id,
        key.label,
        key.secretHash,
        key.maskValue,
        key.projectId,
        key.createdAt,
        key.userId ?? null,
        JSON.stringify(key.scopes),
        key.expiresAt ?? null,
      ],
    );
  }

  async deletePersonalApiKey(id: string): Promise<void> {
    await this.db.run('DELETE FROM personal_api_keys WHERE id = $1', [id]);
  }

  async touchPersonalApiKey(id: string, at: Date): Promise<void> {
    await this.db.run('UPDATE personal_api_keys SET last_used_at = $1 WHERE id = $2', [at, id]);
  }
}
