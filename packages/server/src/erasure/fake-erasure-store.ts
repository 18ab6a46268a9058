import { randomBytes } from 'node:crypto';
import type { ErasureRecord } from './erasure.ts';
import type { ErasureStore } from './erasure-store.ts';

export class FakeErasureStore implements ErasureStore {
  private readonly records: ErasureRecord[] = [];
  private secret: string | undefined;

  async add(record: ErasureRecord): Promise<void> {
    this.records.push(structuredClone(record));
  }

  async list(projectId: number, limit: number, offset: number): Promise<ErasureRecord[]> {
    return this.records
      .filter((r) => r.projectId === projectId)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .slice(offset, offset + limit)
      .map((r) => structuredClone(r));
  }

  async tokenSecret(): Promise<string> {
    this.secret ??= randomBytes(32).toString('hex');
    return this.secret;
  }
}
