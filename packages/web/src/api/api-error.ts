/** The server's contract error (`{type, code, detail, attr}`), or a network failure as code NETWORK_ERROR. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly attr: string | null = null,
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

export const messageOf = (error: unknown): string =>
  error instanceof ApiError ? error.detail : error instanceof Error ? error.message : String(error);
