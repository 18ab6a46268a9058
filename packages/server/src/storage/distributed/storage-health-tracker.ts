import { AppError } from '../../errors/app-error.ts';
import type { IngestionStore, WriteSet } from '../../ingestion/write-set.ts';
import type { StorageHealth } from '../storage.ts';

const PROBE_EVERY_MS = 2_000;

/**
 * What `/_health` says in distributed mode: unhealthy from a commit the servers refused (PostgreSQL or ClickHouse
 * unreachable) until a commit succeeds or a probe of both servers does, so a load balancer can steer capture
 * away while they are down and back once they return (it sends nothing meanwhile, so the probe must end it).
 */
export class StorageHealthTracker {
  private failure: string | undefined;
  private lastProbe = 0;

  constructor(private readonly probe: () => Promise<void>) {}

  health(): StorageHealth {
    if (this.failure === undefined) return { ok: true };
    if (Date.now() - this.lastProbe > PROBE_EVERY_MS) {
      this.lastProbe = Date.now();
      this.probe().then(
        () => {
          this.failure = undefined;
        },
        () => undefined,
      );
    }
    return { ok: false, reason: this.failure };
  }

  watch(store: IngestionStore): IngestionStore {
    return {
      commit: async (ws: WriteSet) => {
        try {
          await store.commit(ws);
          this.failure = undefined;
        } catch (error) {
          if (error instanceof AppError && error.code === 'STORAGE_UNAVAILABLE') this.failure = error.detail;
          throw error;
        }
      },
      isDataError: (error) => store.isDataError?.(error) ?? false,
      maxDistinctIdVersion: () => store.maxDistinctIdVersion(),
      scanIdentities: (visit) => store.scanIdentities(visit),
    };
  }
}
