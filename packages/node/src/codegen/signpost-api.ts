import { CodegenError } from './codegen-error.ts';

export interface SignpostApiOptions {
  /** Signpost's base URL, e.g. `https://signpost.example.com`. */
  host: string;
  /** A personal API key (`phx_…`): the flag definitions are not public. */
  personalApiKey: string;
  timeoutMs?: number;
}

/** Authenticated GETs against one Signpost; a 404 answers `undefined` so callers can name what is missing. */
export class SignpostApi {
  readonly origin: string;
  private readonly root: string;

  constructor(private readonly options: SignpostApiOptions) {
    const base = new URL(options.host);
    this.origin = base.origin;
    // Appended rather than resolved, so a Signpost served under a path prefix keeps it.
    this.root = base.href.replace(/\/+$/, '');
  }

  /** `path` starts with `/api/…`; an absolute `next` link is followed only on the same origin. */
  async get(pathOrUrl: string): Promise<unknown> {
    const url = pathOrUrl.startsWith('/') ? `${this.root}${pathOrUrl}` : pathOrUrl;
    // The key is a secret: never send it to another origin.
    if (new URL(url).origin !== this.origin)
      throw new CodegenError('INVALID_RESPONSE', `"next" leaves ${this.origin}.`);
    const response = await this.fetch(url);
    if (response.status === 404) return undefined;
    if (response.status === 401 || response.status === 403) {
      throw new CodegenError(
        'UNAUTHORIZED',
        `${response.status} from ${this.origin}: the personal API key was refused.`,
      );
    }
    if (!response.ok) {
      const body = (await response.text()).slice(0, 300);
      throw new CodegenError(
        'HTTP_ERROR',
        `GET ${new URL(url).pathname} answered ${response.status}: ${body}`,
      );
    }
    try {
      return await response.json();
    } catch {
      throw new CodegenError('INVALID_RESPONSE', `GET ${new URL(url).pathname} did not answer JSON.`);
    }
  }

  private async fetch(url: string): Promise<Response> {
    try {
      return await fetch(url, {
        headers: { authorization: `Bearer ${this.options.personalApiKey}`, accept: 'application/json' },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new CodegenError('UNREACHABLE', `Could not reach ${this.origin}: ${reason}.`);
    }
  }
}
