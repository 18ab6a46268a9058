import type { Environment, EnvironmentChanges } from './environment.ts';
import type { PersonalApiKey, Project } from './project.ts';
import type { ProjectChanges, ProjectStore } from './project-store.ts';

/** In-memory projects, environments and keys; other fakes keep their own rows (a deleted project's stay). */
export class FakeProjectStore implements ProjectStore {
  private readonly projects: Project[] = [];
  private readonly environments: Environment[] = [];
  private readonly keys: PersonalApiKey[] = [];
  private nextId = 1;

  async listProjects(): Promise<Project[]> {
    return [...this.projects];
  }

  async insertProject(project: Omit<Project, 'id'>, environmentName: string): Promise<Project> {
    const stored = { ...project, id: this.nextId++ };
    this.projects.push(stored);
    this.environments.push({
      id: stored.id,
      projectId: stored.id,
      name: environmentName,
      apiToken: project.apiToken,
      production: true,
      createdAt: project.createdAt,
    });
    return stored;
  }

  async updateProject(id: number, changes: ProjectChanges): Promise<void> {
    const index = this.projects.findIndex((p) => p.id === id);
    const current = this.projects[index];
    if (current) this.projects[index] = { ...current, ...changes };
  }

  async deleteProject(id: number): Promise<void> {
    remove(this.projects, (p) => p.id === id);
    remove(this.environments, (e) => e.projectId === id);
    remove(this.keys, (k) => k.projectId === id);
  }

  async listEnvironments(): Promise<Environment[]> {
    return [...this.environments];
  }

  async insertEnvironment(environment: Omit<Environment, 'id'>): Promise<Environment> {
    const stored = { ...environment, id: this.nextId++ };
    this.environments.push(stored);
    return stored;
  }

  async updateEnvironment(id: number, changes: EnvironmentChanges): Promise<void> {
    const index = this.environments.findIndex((e) => e.id === id);
    const current = this.environments[index];
    if (current) this.environments[index] = { ...current, ...changes };
  }

  async deleteEnvironment(id: number): Promise<void> {
    remove(this.environments, (e) => e.id === id);
  }

  async listPersonalApiKeys(): Promise<PersonalApiKey[]> {
    return [...this.keys];
  }

  async insertPersonalApiKey(key: PersonalApiKey): Promise<void> {
    this.keys.push(key);
  }

  async touchPersonalApiKey(id: string, at: Date): Promise<void> {
    const key = this.keys.find((k) => k.id === id);
    if (key) key.lastUsedAt = at;
  }

  async deletePersonalApiKey(id: string): Promise<void> {
    remove(this.keys, (k) => k.id === id);
  }
}

function remove<T>(rows: T[], match: (row: T) => boolean): void {
  for (let i = rows.length - 1; i >= 0; i -= 1) if (match(rows[i] as T)) rows.splice(i, 1);
}
