import { cors } from 'hono/cors';

/**
 * Browsers call the SDK endpoints from the app's own origin, with cookies allowed; PostHog's capture mirrors the
 * origin and requested headers, and so do we. Only the public SDK endpoints get this, never /api.
 */
export const sdkCors = () =>
  cors({
    origin: (origin) => origin || '*',
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    credentials: true,
    maxAge: 86400,
  });
