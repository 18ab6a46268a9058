/** The queue settings both SDKs get in the capture benchmark, and what one run reports. */
export const CAPTURE_SETTINGS = {
  flushAt: 20,
  flushIntervalMs: 10_000,
  maxBatchSize: 100,
  maxQueueSize: 10_000,
  /** How long after the loop the deferred work is counted (longer than one 2 s answer). */
  settleMs: 3_000,
} as const;

export interface CaptureRun {
  sdk: string;
  calls: number;
  syncWallUsPerCall: number;
  syncCpuUsPerCall: number;
  /** CPU of the loop plus everything it left to do in the next `settleMs`, per call. */
  totalCpuUsPerCall: number;
  /** heapUsed growth right after the loop (no GC), and after the settle period and a full GC. */
  heapGrowthAfterLoopMb: number;
  heapGrowthSettledMb: number;
  rssGrowthMb: number;
  /** Events still queued at the end (-1: the SDK does not say). */
  queuedAtEnd: number;
  /** Filled in by the parent: events and requests the slow server received during the run. */
  serverEvents?: number;
  serverRequests?: number;
}
