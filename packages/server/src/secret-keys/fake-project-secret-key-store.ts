import type { ProjectSecretKey } from './project-secret-key.ts';
import type { ProjectSecretKeyStore } from './project-secret-key-store.ts';

export class FakeProjectSecretKeyStore implements ProjectSecretKeyStore {
  private readonly keys: ProjectSecretKey[] = [];

  async listProjectSecretKeys(): Promise<ProjectSecretKey[]> {
    return this.keys.map((k) => ({ ...k }));
  }

  async insertProjectSecretKey(key: ProjectSecretKey): Promise<void> {
    this.keys.push({ ...key });
  }

  async setProjectSecretKeyExpiry(id: string, expiresAt: Date | null): Promise<void> {
    const key = this.keys.find((k) => k.id === id);
    if (key) key.expiresAt = expiresAt;
  }

  async deleteProjectSecretKey(id: string): Promise<void> {
    const index = this.keys.findIndex((k) => k.id === id);
    if (index >= 0) this.keys.splice(index, 1);
  }
}
