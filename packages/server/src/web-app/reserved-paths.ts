import { CAPTURE_PATHS } from '../ingestion/capture-routes.ts';

/** Server paths the app's client-side routes must never shadow, whatever the method. */
const RESERVED = [
  '/api',
  '/_auth',
  '/_health',
  '/openapi.json',
  '/metrics',
  '/flags',
  '/decide',
  '/array',
  // OpenFeature remote evaluation, every versioned ingestion endpoint (/i/v0/…, /i/v1/…) and session replay.
  '/ofrep',
  '/i',
  '/s',
  ...CAPTURE_PATHS,
];

export function isReservedPath(pathname: string): boolean {
  return RESERVED.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

/**
 * Browsers navigating to a page ask for HTML; SDKs and OpenFeature providers probing an endpoint ask for JSON or
 * any type. Only the former get the app shell, so a machine client never mistakes it for an answer.
 */
export function wantsHtml(accept: string | undefined): boolean {
  return accept?.toLowerCase().includes('text/html') ?? false;
}
