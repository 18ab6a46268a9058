import type { PersonalApiKey, Project } from './project.ts';

export interface ProjectStore {
  listProjects(): Promise<Project[]>;
  insertProject(project: Omit<Project, 'id'>): Promise<Project>;
  listPersonalApiKeys(): Promise<PersonalApiKey[]>;
  insertPersonalApiKey(key: PersonalApiKey): Promise<void>;
  deletePersonalApiKey(id: string): Promise<void>;
}
