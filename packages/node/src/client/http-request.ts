import { SignpostError } from './sdk-error.ts';

export type FetchFn = (input: string, init: RequestInit) => Promise<Response>;

export interface HttpRequest {
  url: string;
  method: 'GET' | 'POST' | 'DELETE';
  headers: Record<string, string>;
  body?: Uint8Array<ArrayBuffer> | string;
  timeoutMs: number;
}

/**
 * One HTTP exchange with a deadline that covers the body too (a server that sends headers and then stalls
 * must not hang a flag read). Failures become a SignpostError; any status is returned to the caller.
 */
export async function httpRequest(
  fetchFn: FetchFn,
  request: HttpRequest,
): Promise<{ status: number; headers: Headers; text: string }> {
  const signal = AbortSignal.timeout(request.timeoutMs);
  try {
    const response = await fetchFn(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal,
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    if (signal.aborted) {
      throw new SignpostError(
        'TIMEOUT',
        `${request.method} ${request.url} took over ${request.timeoutMs} ms`,
      );
    }
    throw new SignpostError(
      'NETWORK_ERROR',
      `${request.method} ${request.url} failed: ${String(error)}`,
      undefined,
      {
        cause: error,
      },
    );
  }
}

/** Turns a non-2xx status into the error the retry policy looks at. */
export function expectOk(method: string, url: string, status: number, text: string): void {
  if (status >= 200 && status < 300) return;
  throw new SignpostError('HTTP_ERROR', `${method} ${url} answered ${status}: ${text.slice(0, 200)}`, status);
}
