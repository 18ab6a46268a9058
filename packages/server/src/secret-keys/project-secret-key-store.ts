import type { ProjectSecretKey } from './project-secret-key.ts';

/** Where project secret keys live; the service keeps them all in memory, so the port is small. */
export interface ProjectSecretKeyStore {
  listProjectSecretKeys(): Promise<ProjectSecretKey[]>;
  insertProjectSecretKey(key: ProjectSecretKey): Promise<void>;
  setProjectSecretKeyExpiry(id: string, expiresAt: Date | null): Promise<void>;
  deleteProjectSecretKey(id: string): Promise<void>;
}
