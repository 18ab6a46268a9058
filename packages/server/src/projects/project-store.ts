import type { PersonalApiKey, Project } from './project.ts';

export type ProjectChanges = Partial<Pick<Project, 'name' | 'timezone'>>;

export interface ProjectStore {
  listProjects(): Promise<Project[]>;
  insertProject(project: Omit<Project, 'id'>): Promise<Project>;
  updateProject(id: number, changes: ProjectChanges): Promise<void>;
  listPersonalApiKeys(): Promise<PersonalApiKey[]>;
  insertPersonalApiKey(key: PersonalApiKey): Promise<void>;
  deletePersonalApiKey(id: string): Promise<void>;
  touchPersonalApiKey(id: string, at: Date): Promise<void>;
}
