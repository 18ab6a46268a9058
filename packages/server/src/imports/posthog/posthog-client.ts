import { readCappedText } from './capped-body.ts';
import { PosthogSourceError } from './posthog-source-error.ts';

export interface PosthogClientOptions {
  /** PostHog's address, e.g. `https://us.posthog.com` or a self-hosted `https://posthog.example.com`. */
  host: string;
  /** A personal API key (`phx_…`). */
  personalApiKey: string;
  fetch?: typeof fetch;
  /** Largest response body read, in bytes (default 64 MiB: a 10,000-row HogQL page of fat events fits). */
  maxBytes?: number;
  /** Retries after a 429 or a 502/503/504 before giving up (default 6). */
  maxRetries?: number;
  /** Longest single wait, whatever Retry-After says (default 5 minutes). */
  maxWaitMs?: number;
  /** The clock the back-off waits on; tests pass one that records instead of sleeping. */
  sleep?: (ms: number) => Promise<void>;
}

const RETRIED = new Set([429, 502, 503, 504]);

/**
 * PostHog's private API with a personal key: bounded bodies, and 429s waited out as PostHog asks (its query
 * endpoints allow a few hundred requests a minute and far fewer HogQL queries an hour), with a bounded number of
 * retries so a permanently throttled key ends in a clear error instead of a hang.
 */
export class PosthogClient {
  readonly host: string;
  /** Requests sent, retries included. */
  requests = 0;
  private readonly options: PosthogClientOptions;
  private readonly fetchFn: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: PosthogClientOptions) {
    this.options = options;
    this.host = options.host.replace(/\/+$/, '');
    this.fetchFn = options.fetch ?? fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /**
   * A path on the host, or a `next` URL from a page. Only the path and query of a `next` URL are kept: the key
   * must never travel to another origin, and a PostHog behind a proxy often writes its own URLs with the wrong
   * scheme or host.
   */
  resolve(pathOrUrl: string): string {
    if (pathOrUrl.startsWith('/')) return `${this.host}${pathOrUrl}`;
    const url = new URL(pathOrUrl);
    return `${this.host}${url.pathname}${url.search}`;
  }

  get(pathOrUrl: string): Promise<unknown> {
    return this.send('GET', pathOrUrl, undefined);
  }

  post(path: string, body: unknown): Promise<unknown> {
    return this.send('POST', path, body);
  }

  private async send(method: string, pathOrUrl: string, body: unknown): Promise<unknown> {
    const url = this.resolve(pathOrUrl);
    const maxRetries = this.options.maxRetries ?? 6;
    for (let attempt = 0; ; attempt++) {
      const response = await this.fetchOnce(method, url, body);
      if (RETRIED.has(response.status) && attempt < maxRetries) {
        await response.body?.cancel();
        await this.sleep(this.waitMs(response, attempt));
        continue;
      }
      return this.parse(response, method, url);
    }
  }

  private async fetchOnce(method: string, url: string, body: unknown): Promise<Response> {
    this.requests++;
    try {
      return await this.fetchFn(url, {
        method,
        redirect: 'manual',
        headers: {
          authorization: `Bearer ${this.options.personalApiKey}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      const cause = error instanceof Error ? (error.cause ?? error) : error;
      const detail = cause instanceof Error ? cause.message : String(cause);
      throw new PosthogSourceError('POSTHOG_UNREACHABLE', `cannot reach ${this.host}: ${detail}`);
    }
  }

  /** Retry-After in seconds or as an HTTP date; otherwise 1 s doubling per attempt. */
  private waitMs(response: Response, attempt: number): number {
    const cap = this.options.maxWaitMs ?? 300_000;
    const header = response.headers.get('retry-after');
    let ms = 1000 * 2 ** attempt;
    if (header !== null && header.trim() !== '') {
      const seconds = Number(header);
      const date = Date.parse(header);
      if (Number.isFinite(seconds)) ms = Math.max(0, seconds * 1000);
      else if (Number.isFinite(date)) ms = Math.max(0, date - Date.now());
    }
    return Math.min(ms, cap);
  }

  private async parse(response: Response, method: string, url: string): Promise<unknown> {
    const what = `${method} ${new URL(url).pathname}`;
    const maxBytes = this.options.maxBytes ?? 64 * 1024 * 1024;
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      const location = response.headers.get('location');
      let origin = '(no location)';
      try {
        if (location !== null) origin = new URL(location, url).origin;
      } catch {
        origin = location ?? origin;
      }
      throw new PosthogSourceError(
        'POSTHOG_NOT_POSTHOG',
        `${what} was redirected to ${origin}; give that address as the host`,
      );
    }
    const text = await readCappedText(response, maxBytes, what);
    if (response.status === 401) {
      throw new PosthogSourceError(
        'POSTHOG_BAD_KEY',
        `${this.host} refused the personal API key (401${detailOf(text)}); create one under Settings → Personal API keys`,
      );
    }
    if (response.status === 403) {
      throw new PosthogSourceError(
        'POSTHOG_FORBIDDEN',
        `${what}: the key may not read this (403${detailOf(text)}); give it read scopes for the project`,
      );
    }
    if (response.status === 429) {
      throw new PosthogSourceError(
        'POSTHOG_RATE_LIMITED',
        `${what} still rate-limited after retries; run again later`,
      );
    }
    if (!response.ok) {
      throw new PosthogSourceError(
        'POSTHOG_BAD_RESPONSE',
        `${what} answered ${response.status}${detailOf(text)}`,
      );
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new PosthogSourceError('POSTHOG_BAD_RESPONSE', `${what} did not answer JSON`);
    }
  }
}

/** PostHog's error bodies carry a `detail` sentence worth passing on. */
function detailOf(text: string): string {
  try {
    const body = JSON.parse(text) as unknown;
    if (body && typeof body === 'object' && 'detail' in body && typeof body.detail === 'string') {
      return `: ${body.detail.slice(0, 300)}`;
    }
  } catch {
    // not JSON: no detail to show
  }
  return '';
}
