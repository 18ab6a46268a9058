import type { ErasureRecord } from './erasure.ts';

/** The erasure records: append-only, listed newest first. */
export interface ErasureStore {
  add(record: ErasureRecord): Promise<void>;
  list(projectId: number, limit: number, offset: number): Promise<ErasureRecord[]>;
  /**
   * The installation's secret for anonymised tokens, made on first use and the same ever after (so a person
   * anonymised twice gets the same token). Several nodes racing to make it all end up with the first one stored.
   */
  tokenSecret(): Promise<string>;
}
