import type { Environment, EnvironmentChanges } from './environment.ts';
import type { PersonalApiKey, Project } from './project.ts';

export type ProjectChanges = Partial<Pick<Project, 'name' | 'timezone'>>;

export interface ProjectStore {
  listProjects(): Promise<Project[]>;
  /** Inserts the project and its first environment (same id, the given key), in one transaction. */
  insertProject(project: Omit<Project, 'id'>, environmentName: string): Promise<Project>;
  updateProject(id: number, changes: ProjectChanges): Promise<void>;
  /** Deletes the project, its environments and every row of theirs (objects and data), in one transaction. */
  deleteProject(id: number): Promise<void>;
  listEnvironments(): Promise<Environment[]>;
  /** A fresh id from the number space projects and environments share; ids are never reused. */
  insertEnvironment(environment: Omit<Environment, 'id'>): Promise<Environment>;
  updateEnvironment(id: number, changes: EnvironmentChanges): Promise<void>;
  /** Deletes the environment and every row stored under its id (events, persons, groups, keys, flag settings). */
  deleteEnvironment(id: number): Promise<void>;
  listPersonalApiKeys(): Promise<PersonalApiKey[]>;
  insertPersonalApiKey(key: PersonalApiKey): Promise<void>;
  deletePersonalApiKey(id: string): Promise<void>;
  touchPersonalApiKey(id: string, at: Date): Promise<void>;
}
