import { getOrCreate } from '../util/get-or-create.ts';

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** One project's items gathered for the next load, each with the requests waiting for it. */
type Gathered<T> = Map<number, Map<string, { item: T; waiters: Waiter[] }>>;

/**
 * Coalesces cache misses into batched loads: misses gather until the end of the current event-loop turn
 * (`setImmediate`, so every request read in the same poll phase joins), and while a load is running the next
 * misses gather for the one after it. A load covers one project and all its gathered items, so N concurrent
 * first requests cost one query instead of N. The same item asked twice is loaded once.
 */
export class MissBatcher<T> {
  private gathered: Gathered<T> = new Map();
  private scheduled = false;
  private running = 0;

  constructor(
    private readonly loadBatch: (projectId: number, items: T[]) => Promise<void>,
    private readonly maxRunning = 2,
  ) {}

  /** Settles once a load that started after this call has finished (rejects if that load failed). */
  load(projectId: number, id: string, item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      const forProject = getOrCreate(this.gathered, projectId, () => new Map());
      getOrCreate(forProject, id, () => ({ item, waiters: [] })).waiters.push({ resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.maxRunning) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    const batch = this.gathered;
    this.gathered = new Map();
    for (const [projectId, entries] of batch) {
      this.running += 1;
      const waiters = [...entries.values()].flatMap((e) => e.waiters);
      this.loadBatch(
        projectId,
        [...entries.values()].map((e) => e.item),
      )
        .then(
          () => {
            for (const w of waiters) w.resolve();
          },
          (error: unknown) => {
            for (const w of waiters) w.reject(error);
          },
        )
        .finally(() => {
          this.running -= 1;
          if (this.gathered.size > 0) this.schedule();
        });
    }
  }
}
