import { Hono } from 'hono';
import { clientIp } from '../http/client-ip.ts';
import { readBody } from '../http/read-body.ts';
import { sdkCors } from '../http/sdk-cors.ts';
import type { IngestionService } from './ingestion-service.ts';

/** Every path PostHog's SDKs (old and new) send events to (compat notes §1.1). */
export const CAPTURE_PATHS = ['/batch', '/e', '/i/v0/e', '/capture', '/track', '/engage', '/i/v0/ai/batch'];

export interface CaptureRoutesDeps {
  ingestion: IngestionService;
  maxBodyBytes: number;
  trustProxy: boolean;
}

export function captureRoutes(deps: CaptureRoutesDeps): Hono {
  const app = new Hono({ strict: false });
  for (const path of CAPTURE_PATHS) app.use(path, sdkCors());
  app.on(['GET', 'POST'], CAPTURE_PATHS, async (c) => {
    const bytes = c.req.method === 'POST' ? await readBody(c.req.raw, deps.maxBodyBytes) : new Uint8Array(0);
    const result = await deps.ingestion.capture({
      body: {
        bytes,
        contentType: c.req.header('content-type'),
        contentEncoding: c.req.header('content-encoding'),
        compression: c.req.query('compression'),
        queryData: c.req.query('data'),
      },
      queryToken: c.req.query('token') ?? c.req.query('api_key'),
      querySentAt: c.req.query('_'),
      ip: clientIp(c, deps.trustProxy),
      userAgent: c.req.header('user-agent'),
    });
    // Exactly 200: posthog-js retries every other success code (compat notes §1.3).
    return c.json(result, 200);
  });
  return app;
}
