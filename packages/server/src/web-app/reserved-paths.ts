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
  ...CAPTURE_PATHS,
];

export function isReservedPath(pathname: string): boolean {
  return RESERVED.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}
