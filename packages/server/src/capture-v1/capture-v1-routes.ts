import { inflateSync } from 'node:zlib';
import { Hono } from 'hono';
import { AppError } from '../errors/app-error.ts';
import { clientIp } from '../http/client-ip.ts';
import { readBody } from '../http/read-body.ts';
import { sdkCors } from '../http/sdk-cors.ts';
import { decodeBody } from '../ingestion/decode-body.ts';
import type { IngestionService } from '../ingestion/ingestion-service.ts';
import { eventUuids, legacyEnvelope, parseSdkInfo } from './v1-event.ts';

export const CAPTURE_V1_PATH = '/i/v1/analytics/events';

export interface CaptureV1RoutesDeps {
  ingestion: IngestionService;
  maxBodyBytes: number;
  trustProxy: boolean;
}

type EventResult = { result: 'ok' } | { result: 'drop'; details: string };

// posthog-python sends zlib-wrapped deflate for `capture_compression="deflate"`; the shared decoder knows gzip.
function inflate(bytes: Uint8Array, max: number): Uint8Array {
  try {
    return inflateSync(bytes, { maxOutputLength: max });
  } catch (error) {
    if (error instanceof RangeError || (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new AppError('PAYLOAD_TOO_LARGE', `The decompressed body is larger than ${max} bytes.`);
    throw new AppError('INVALID_COMPRESSION', 'The body says deflate but could not be inflated.');
  }
}

function bearer(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/**
 * Capture V1: the same pipeline as `/batch/`, answered per event. The SDKs treat `ok` (and a uuid missing from
 * `results`) as delivered and `drop` as refused for good; a non-2xx status retries the whole batch (5xx) or
 * gives it up (4xx), so nothing is acknowledged before the pipeline has accepted it.
 */
export function captureV1Routes(deps: CaptureV1RoutesDeps): Hono {
  const app = new Hono({ strict: false });
  app.use(CAPTURE_V1_PATH, sdkCors());
  app.post(CAPTURE_V1_PATH, async (c) => {
    const token = bearer(c.req.header('authorization'));
    if (!token)
      throw new AppError('MISSING_TOKEN', 'Send the project API key as "Authorization: Bearer phc_…".');
    let bytes = await readBody(c.req.raw, deps.maxBodyBytes);
    let contentEncoding = c.req.header('content-encoding');
    if (contentEncoding?.trim().toLowerCase() === 'deflate') {
      bytes = inflate(bytes, deps.maxBodyBytes * 4);
      contentEncoding = undefined;
    } else if (contentEncoding && !/^\s*(gzip|identity)\s*$/i.test(contentEncoding)) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Content-Encoding "${contentEncoding}" is not supported.`);
    }
    const body = decodeBody({
      bytes,
      contentType: c.req.header('content-type'),
      contentEncoding,
      compression: undefined,
      queryData: undefined,
      maxDecodedBytes: deps.maxBodyBytes * 4,
    });
    if (body === null || typeof body !== 'object' || !Array.isArray((body as { batch?: unknown }).batch))
      throw new AppError('INVALID_PAYLOAD', 'The body must be {"created_at": …, "batch": [...]}.', 'batch');
    const envelope = legacyEnvelope(
      body,
      token,
      parseSdkInfo(c.req.header('posthog-sdk-info')),
      c.req.header('posthog-request-timestamp'),
    );
    const uuids = eventUuids(body);
    let dropped: { index: number; code: string; detail: string }[] = [];
    try {
      const result = await deps.ingestion.capture({
        body: {
          bytes: Buffer.from(JSON.stringify(envelope)),
          contentType: 'application/json',
          contentEncoding: undefined,
          compression: undefined,
          queryData: undefined,
        },
        queryToken: token,
        querySentAt: undefined,
        ip: clientIp(c, deps.trustProxy),
        userAgent: c.req.header('user-agent'),
      });
      dropped = result.dropped ?? [];
    } catch (error) {
      // Every event refused for its own fault: a per-event answer, so the SDK drops them instead of retrying.
      if (!(error instanceof AppError) || error.code !== 'INVALID_EVENTS') throw error;
      dropped = (error.extra?.dropped as typeof dropped | undefined) ?? [];
    }
    const results: Record<string, EventResult> = {};
    uuids.forEach((uuid) => {
      if (uuid !== undefined) results[uuid] = { result: 'ok' };
    });
    for (const d of dropped) {
      const uuid = uuids[d.index];
      if (uuid !== undefined) results[uuid] = { result: 'drop', details: `${d.code}: ${d.detail}` };
    }
    return c.json({ results }, 200);
  });
  return app;
}
