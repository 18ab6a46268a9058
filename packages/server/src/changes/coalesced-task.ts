/**
 * An async task asked for in bursts (a reload per notification): at most one run in flight and one queued.
 * A request during a run marks the queued one; however many requests arrive, one more run follows, and it
 * starts after the last request, so it sees everything they announced.
 */
export class CoalescedTask {
  private running: Promise<void> | undefined;
  private queued = false;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  request(): void {
    if (this.running) {
      this.queued = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
  }

  /** Settles when nothing is running or queued (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.queued = false;
      try {
        await this.task();
      } catch (error) {
        this.onError(error);
      }
    } while (this.queued);
  }
}
