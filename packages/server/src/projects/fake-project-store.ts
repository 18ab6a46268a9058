import type { PersonalApiKey, Project } from './project.ts';
import type { ProjectChanges, ProjectStore } from './project-store.ts';

export class FakeProjectStore implements ProjectStore {
  private readonly projects: Project[] = [];
  private readonly keys: PersonalApiKey[] = [];

  async listProjects(): Promise<Project[]> {
    return [...this.projects];
  }

  async insertProject(project: Omit<Project, 'id'>): Promise<Project> {
    const stored = { ...project, id: this.projects.length + 1 };
    this.projects.push(stored);
    return stored;
  }

  async updateProject(id: number, changes: ProjectChanges): Promise<void> {
    const index = this.projects.findIndex((p) => p.id === id);
    const current = this.projects[index];
    if (current) this.projects[index] = { ...current, ...changes };
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
    const index = this.keys.findIndex((k) => k.id === id);
    if (index >= 0) this.keys.splice(index, 1);
  }
}
