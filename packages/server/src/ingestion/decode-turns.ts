/**
 * Hands out turns for synchronous request work (decode + normalise), one per pass of the event loop.
 *
 * Measured under 16 ingesting connections (bench/ingest --instrument): BEGIN and COMMIT of a group commit took
 * 9 and 7 ms to come back although DuckDB did them in 0.3 and 1.1 ms — their completions waited behind a pass
 * of the loop that decoded every request that had arrived. Queued here, each request's decode runs in its own
 * pass (in the check phase, after the I/O callbacks), so the commit path and /flags never wait for more than
 * one request's decode. The price is a wait for the turn itself (22.6 ms mean at 16 connections, against 54 ms
 * for the commit); granting several turns per pass within a time budget measured no better (bench/RESULTS.md).
 */
export class DecodeTurns {
  private readonly waiting: (() => void)[] = [];
  private head = 0;
  private scheduled = false;

  /** Resolves when the caller may run its synchronous part; the next turn comes at the next loop pass. */
  next(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // An immediate queued inside an immediate runs in the next pass, after that pass's I/O callbacks.
    setImmediate(() => {
      this.scheduled = false;
      const resolve = this.waiting[this.head];
      this.waiting[this.head++] = noop;
      if (this.head === this.waiting.length) {
        this.waiting.length = 0;
        this.head = 0;
      } else this.schedule();
      resolve?.();
    });
  }
}

const noop = () => undefined;
