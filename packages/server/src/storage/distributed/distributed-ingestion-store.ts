import { AppError } from '../../errors/app-error.ts';
import type { IdentityVisitor, IngestionStore, WriteSet } from '../../ingestion/write-set.ts';
import type { ClickHouseEventWriter } from '../clickhouse/clickhouse-event-writer.ts';
import type { PostgresDatabase } from '../postgres/postgres-database.ts';
import { maxDistinctIdVersion, scanIdentities } from '../postgres/postgres-identity-scan.ts';
import { PostgresIdentityWriter } from '../postgres/postgres-identity-writer.ts';

/** What a commit needs of ClickHouse: the event writer, or a wrapper of it (a test delaying an insert). */
export type ClickHouseSink = Pick<ClickHouseEventWriter, 'insertEvents' | 'insertIdentities'>;

/**
 * Group commits in distributed mode: identities in PostgreSQL (the source of truth several nodes share, checked
 * against what each commit was computed from), events and identity copies in ClickHouse. A commit is one
 * PostgreSQL transaction wrapped around the ClickHouse inserts, so a `200` means both are durable:
 *
 *   BEGIN → identity rows (+ NOTIFY) → ClickHouse events and copies, foreground → COMMIT
 *
 * ClickHouse failing rolls the identity rows back and answers STORAGE_UNAVAILABLE (the SDK retries; events fold
 * on their uuid, so a retry never counts twice). The one gap: PostgreSQL's COMMIT failing after ClickHouse took
 * the rows leaves events (and copies) without their identity rows. The client got a 503 and retries, the retry
 * writes the identities again (or, if the COMMIT did land, meets them as a conflict and redoes its batch) and
 * ClickHouse folds the duplicate events; until then those events count under the deterministic person id of
 * their distinct id, as events of a brand-new person do.
 */
export class DistributedIngestionStore implements IngestionStore {
  constructor(
    private readonly db: PostgresDatabase,
    private readonly clickhouse: ClickHouseSink,
    private readonly identities = new PostgresIdentityWriter(),
  ) {}

  commit(ws: WriteSet): Promise<void> {
    return this.db.transaction(async (tx) => {
      const written = await this.identities.write(tx, ws);
      try {
        await Promise.all([
          this.clickhouse.insertEvents(ws.events),
          this.clickhouse.insertIdentities({
            persons: ws.persons,
            distinctIds: written.distinctIds,
            overrides: written.overrides,
            groups: ws.groups,
          }),
        ]);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new AppError(
          'STORAGE_UNAVAILABLE',
          `ClickHouse did not take the events (${reason}); retry later.`,
        );
      }
    });
  }

  isDataError(error: unknown): boolean {
    return this.identities.isDataError(error);
  }

  maxDistinctIdVersion(): Promise<number> {
    return maxDistinctIdVersion(this.db);
  }

  scanIdentities(visit: IdentityVisitor): Promise<void> {
    return scanIdentities(this.db, visit);
  }
}
