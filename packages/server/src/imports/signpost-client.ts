import { CliError } from '../cli/cli-error.ts';

/** An error answer from the target server: its status and stable code, for the report. */
export class ApiAnswerError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiAnswerError';
  }
}

/** The management and capture API of a running Signpost, as the import writer and `export --all` use it. */
export class SignpostClient {
  constructor(
    readonly baseUrl: string,
    private readonly key: string,
  ) {}

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('PATCH', path, body);
  }

  /** Every page of a PostHog-style `{results, next}` list. */
  async list<T>(path: string): Promise<T[]> {
    const out: T[] = [];
    let next: string | null = `${path}${path.includes('?') ? '&' : '?'}limit=500`;
    while (next) {
      const url: URL = new URL(next, this.baseUrl);
      const page: { results: T[]; next: string | null } = await this.get(`${url.pathname}${url.search}`);
      out.push(...page.results);
      next = page.next;
    }
    return out;
  }

  /** A streamed GET (event export), failing like the other calls. */
  async stream(path: string): Promise<AsyncIterable<Uint8Array>> {
    const response = await this.send('GET', path);
    if (!response.ok || !response.body) throw await answerError(response);
    return response.body as AsyncIterable<Uint8Array>;
  }

  /** Capture with the project key (events are written where SDK events are, with their uuids). */
  async capture(token: string, batch: unknown[]): Promise<void> {
    const response = await this.send(
      'POST',
      '/batch/',
      { api_key: token, historical_migration: true, batch },
      false,
    );
    if (!response.ok) throw await answerError(response);
    await response.arrayBuffer();
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.send(method, path, body);
    if (!response.ok) throw await answerError(response);
    return (await response.json()) as T;
  }

  private async send(method: string, path: string, body?: unknown, auth = true): Promise<Response> {
    const headers: Record<string, string> = {};
    if (auth) headers.authorization = `Bearer ${this.key}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await fetch(new URL(path, this.baseUrl), {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new CliError(
        'TARGET_UNREACHABLE',
        `Cannot reach ${this.baseUrl}: ${error instanceof Error ? (error.cause ?? error.message) : String(error)}. Is the server running there?`,
      );
    }
  }
}

async function answerError(response: Response): Promise<ApiAnswerError> {
  const text = await response.text();
  let code = `HTTP_${response.status}`;
  let detail = text.slice(0, 500);
  try {
    const json = JSON.parse(text) as { code?: unknown; detail?: unknown };
    if (typeof json.code === 'string') code = json.code;
    if (typeof json.detail === 'string') detail = json.detail;
  } catch {
    // Not JSON (a proxy's page): the text itself is the reason.
  }
  return new ApiAnswerError(response.status, code, `${response.status} ${code}: ${detail}`);
}
