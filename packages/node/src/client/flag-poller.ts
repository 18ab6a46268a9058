import type { Definitions } from '@signpost/flags-engine';
import { SDK_NAME, SDK_VERSION } from '../version.ts';
import { type FetchFn, httpRequest } from './http-request.ts';
import { type IndexedDefinitions, indexDefinitions } from './local-flags.ts';
import { SignpostError } from './sdk-error.ts';

export interface FlagPollerOptions {
  host: string;
  projectApiKey: string;
  personalApiKey: string;
  intervalMs: number;
  timeoutMs: number;
  fetch: FetchFn;
  onError: (error: SignpostError) => void;
}

export interface DefinitionsStats {
  /** Definitions requests made (200, 304 and failures). */
  requests: number;
  /** Requests answered 304 Not Modified, i.e. revalidated for the price of a header. */
  notModified: number;
  failures: number;
  loadedAt: Date | undefined;
  etag: string | undefined;
  flagCount: number;
}

const isDefinitions = (json: unknown): json is Definitions =>
  typeof json === 'object' && json !== null && Array.isArray((json as { flags?: unknown }).flags);

/**
 * Keeps the local-evaluation definitions fresh: `GET /flags/definitions` every `intervalMs`, revalidated with
 * the last ETag so an unchanged flag set costs a 304 and no parsing. The last good definitions are kept through
 * failures, so local evaluation carries on while Signpost is down.
 */
export class FlagPoller {
  private loaded: IndexedDefinitions | undefined;
  private firstLoad: Promise<void> | undefined;
  private inFlight: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly counters = { requests: 0, notModified: 0, failures: 0 };
  private loadedAt: Date | undefined;
  private etag: string | undefined;

  constructor(private readonly options: FlagPollerOptions) {}

  get current(): IndexedDefinitions | undefined {
    return this.loaded;
  }

  get stats(): DefinitionsStats {
    return {
      ...this.counters,
      loadedAt: this.loadedAt,
      etag: this.etag,
      flagCount: this.loaded?.byKey.size ?? 0,
    };
  }

  start(): void {
    this.firstLoad ??= this.reload();
  }

  /** Waits for the first load (successful or not) for at most `timeoutMs`. */
  async ready(timeoutMs: number): Promise<void> {
    if (this.loaded || !this.firstLoad || timeoutMs <= 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.firstLoad,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  /** Fetches now (joining a fetch already under way) and restarts the interval. */
  reload(): Promise<void> {
    this.inFlight ??= this.fetchOnce().finally(() => {
      this.inFlight = undefined;
      this.schedule();
    });
    return this.inFlight;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.reload(), this.options.intervalMs);
    this.timer.unref();
  }

  private async fetchOnce(): Promise<void> {
    const { host, projectApiKey, personalApiKey } = this.options;
    const url = `${host}/flags/definitions?token=${encodeURIComponent(projectApiKey)}&send_cohorts`;
    this.counters.requests++;
    try {
      const response = await httpRequest(this.options.fetch, {
        url,
        method: 'GET',
        headers: {
          authorization: `Bearer ${personalApiKey}`,
          'user-agent': `${SDK_NAME}/${SDK_VERSION}`,
          ...(this.etag && this.loaded ? { 'if-none-match': this.etag } : {}),
        },
        timeoutMs: this.options.timeoutMs,
      });
      if (response.status === 304 && this.loaded) {
        this.counters.notModified++;
        return;
      }
      if (response.status !== 200) {
        const hint = response.status === 401 || response.status === 403 ? ' (is personalApiKey right?)' : '';
        throw new SignpostError(
          'HTTP_ERROR',
          `GET ${url} answered ${response.status}${hint}: ${response.text.slice(0, 200)}`,
          response.status,
        );
      }
      const json: unknown = JSON.parse(response.text);
      if (!isDefinitions(json)) {
        throw new SignpostError('INVALID_RESPONSE', `GET ${url} answered without a "flags" list`, 200);
      }
      this.loaded = indexDefinitions(json);
      this.loadedAt = new Date();
      this.etag = response.headers.get('etag') ?? undefined;
    } catch (error) {
      this.counters.failures++;
      this.options.onError(
        error instanceof SignpostError
          ? error
          : new SignpostError('INVALID_RESPONSE', `GET ${url}: ${String(error)}`, undefined, {
              cause: error,
            }),
      );
    }
  }
}
