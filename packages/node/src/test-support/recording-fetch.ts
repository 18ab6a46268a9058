import { gunzipSync } from 'node:zlib';
import type { FetchFn } from '../client/http-request.ts';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The request body as text, un-gzipped when it was sent gzipped. */
  body: string | undefined;
  /** The answer's status, or `error` when the request failed. */
  status: number | 'error';
}

/** The global fetch, recording every request the SDK makes and what came back. */
export function recordingFetch(): { fetch: FetchFn; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const fetchFn: FetchFn = async (input, init) => {
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    let body: string | undefined;
    if (typeof init.body === 'string') body = init.body;
    else if (init.body instanceof Uint8Array) {
      const bytes = headers['content-encoding'] === 'gzip' ? gunzipSync(init.body) : init.body;
      body = Buffer.from(bytes).toString('utf8');
    }
    const record: RecordedRequest = {
      method: init.method ?? 'GET',
      path: new URL(input).pathname,
      headers,
      body,
      status: 'error',
    };
    requests.push(record);
    const response = await fetch(input, init);
    record.status = response.status;
    return response;
  };
  return { fetch: fetchFn, requests };
}
