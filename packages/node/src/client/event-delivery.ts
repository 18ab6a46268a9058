import { backoffDelay, sleep } from './backoff.ts';
import type { EventQueue } from './event-queue.ts';
import { SignpostError } from './sdk-error.ts';
import type { WireEvent } from './wire-event.ts';

export interface DeliveryOptions {
  maxBatchSize: number;
  maxRetries: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  onError: (error: SignpostError) => void;
}

export interface DrainOptions {
  /** Hold the process open while waiting to retry (shutdown) or not (background sends). */
  keepAlive: boolean;
  /** Epoch ms after which no new attempt starts; what is left stays queued. */
  deadline?: number;
}

export interface DeliveryStats {
  /** Events the server accepted. */
  sent: number;
  /** Events the server refused for good (a 4xx other than 408/413/429); they are not retried. */
  rejected: number;
  /** `/batch/` requests that failed and were retried or put back. */
  failedRequests: number;
}

const asSignpostError = (error: unknown) =>
  error instanceof SignpostError
    ? error
    : new SignpostError('NETWORK_ERROR', String(error), undefined, { cause: error });

/**
 * Moves events from the queue to the server, one batch at a time. A batch leaves the queue only once the
 * server accepted it: after `maxRetries` failed attempts it goes back in front of the queue and waits for the
 * next drain, so an outage costs nothing but memory (bounded by the queue).
 */
export class EventDelivery {
  private running: Promise<boolean> | undefined;
  private inFlight = 0;
  private abandoned = false;
  private readonly counters: DeliveryStats = { sent: 0, rejected: 0, failedRequests: 0 };

  constructor(
    private readonly queue: EventQueue,
    private readonly send: (batch: WireEvent[]) => Promise<void>,
    private readonly options: DeliveryOptions,
  ) {}

  get stats(): DeliveryStats {
    return { ...this.counters };
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  /**
   * Gives up on the batch being sent (shutdown ran out of time): it will not be retried or put back. Returns
   * how many events it held.
   */
  abandon(): number {
    this.abandoned = true;
    return this.inFlight;
  }

  /** Sends until the queue is empty (true) or a batch keeps failing or the deadline passes (false). */
  drain(options: DrainOptions): Promise<boolean> {
    if (this.running) return this.running.then(() => this.drain(options));
    const run = this.run(options).finally(() => {
      this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private async run({ keepAlive, deadline = Number.POSITIVE_INFINITY }: DrainOptions): Promise<boolean> {
    while (this.queue.length > 0 && !this.abandoned) {
      if (Date.now() >= deadline) return false;
      let batch = this.queue.take(this.options.maxBatchSize);
      // Out of the queue until sent, refused or put back: shutdown counts these as lost if it gives up.
      this.inFlight = batch.length;
      for (let attempt = 0; ; attempt++) {
        try {
          await this.send(batch);
          this.counters.sent += batch.length;
          this.inFlight = 0;
          break;
        } catch (caught) {
          const error = asSignpostError(caught);
          this.counters.failedRequests++;
          if (this.abandoned) return false;
          if (error.status === 413 && batch.length > 1) {
            // Too large for the server: send it in halves rather than lose it.
            const half = Math.ceil(batch.length / 2);
            this.queue.putBack(batch.slice(half));
            batch = batch.slice(0, half);
            this.inFlight = batch.length;
            attempt = -1;
            continue;
          }
          if (!error.retryable) {
            this.inFlight = 0;
            this.counters.rejected += batch.length;
            this.options.onError(
              new SignpostError(
                'EVENTS_REJECTED',
                `${batch.length} events rejected: ${error.message}`,
                error.status,
                {
                  cause: error,
                },
              ),
            );
            break;
          }
          const delay = backoffDelay(attempt, this.options.retryBaseDelayMs, this.options.retryMaxDelayMs);
          if (attempt >= this.options.maxRetries || Date.now() + delay >= deadline) {
            this.inFlight = 0;
            this.queue.putBack(batch);
            this.options.onError(error);
            return false;
          }
          await sleep(delay, keepAlive);
          if (this.abandoned) return false;
        }
      }
    }
    return this.queue.length === 0;
  }
}
