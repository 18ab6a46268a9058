import { AppError } from '../errors/app-error.ts';
import type { ActivityCursor } from './activity-log-store.ts';

/** Opaque to clients: the time and id of the last entry they saw, so new entries never shift a page. */
export function encodeCursor(c: ActivityCursor): string {
  return Buffer.from(`${c.at.toISOString()}|${c.id}`).toString('base64url');
}

export function decodeCursor(text: string): ActivityCursor {
  const [iso, id] = Buffer.from(text, 'base64url').toString().split('|');
  const at = new Date(iso ?? '');
  if (!id || Number.isNaN(at.getTime()))
    throw new AppError(
      'INVALID_QUERY',
      'Query parameter "cursor" is not a cursor this server gave.',
      'cursor',
    );
  return { at, id };
}
