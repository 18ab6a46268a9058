import { Hono } from 'hono';
import { readBody } from '../http/read-body.ts';
import { sdkCors } from '../http/sdk-cors.ts';

/**
 * What the SDKs send to products Signpost does not have (compat notes "Out of scope"), each answered with the
 * success its SDK expects so that it neither retries nor reports errors: session replay snapshots (`/s/`, only
 * sent when remote config switches recording on, which Signpost never does), OpenTelemetry logs (`/i/v1/logs`,
 * posthog-android, posthog-ios, posthog-rails) and AI traces over OTLP (`/i/v0/ai/otel`, posthog-python). The
 * body is read (within the size limit) and discarded; analytics events never travel on these paths.
 */
export function outOfScopeRoutes(maxBodyBytes: number): Hono {
  const app = new Hono({ strict: false });
  const paths = ['/s', '/i/v1/logs', '/i/v0/ai/otel'];
  for (const path of paths) app.use(path, sdkCors());
  app.post('/s', async (c) => {
    await readBody(c.req.raw, maxBodyBytes);
    return c.json({ status: 1 });
  });
  // An OTLP/HTTP export answer: an empty ExportLogsServiceResponse / ExportTraceServiceResponse means accepted.
  app.post('/i/v1/logs', async (c) => {
    await readBody(c.req.raw, maxBodyBytes);
    return c.json({});
  });
  app.post('/i/v0/ai/otel', async (c) => {
    await readBody(c.req.raw, maxBodyBytes);
    return c.json({});
  });
  return app;
}
