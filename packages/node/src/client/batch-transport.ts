import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { SDK_NAME, SDK_VERSION } from '../version.ts';
import { expectOk, type FetchFn, httpRequest } from './http-request.ts';
import type { WireEvent } from './wire-event.ts';

const gzipAsync = promisify(gzip);

export interface BatchTransportOptions {
  host: string;
  projectApiKey: string;
  timeoutMs: number;
  fetch: FetchFn;
}

/**
 * Sends one batch as PostHog's `/batch/` body, gzipped (compat notes §1.2). Resolves when the server accepted
 * it (2xx); otherwise throws a SignpostError whose `retryable` tells the caller whether to try again.
 */
export function createBatchTransport(options: BatchTransportOptions): (batch: WireEvent[]) => Promise<void> {
  const url = `${options.host}/batch/`;
  return async (batch) => {
    const json = JSON.stringify({ api_key: options.projectApiKey, batch, sent_at: new Date().toISOString() });
    const body = new Uint8Array(await gzipAsync(json));
    const { status, text } = await httpRequest(options.fetch, {
      url,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'user-agent': `${SDK_NAME}/${SDK_VERSION}`,
      },
      body,
      timeoutMs: options.timeoutMs,
    });
    expectOk('POST', url, status, text);
  };
}
