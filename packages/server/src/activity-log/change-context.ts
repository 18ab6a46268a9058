import type { Context } from 'hono';
import type { ApiEnv } from '../api/api-auth.ts';
import type { AuthService } from '../auth/auth-service.ts';
import { readSessionCookie } from '../auth/session-cookie.ts';
import { AppError } from '../errors/app-error.ts';
import type { ProjectService } from '../projects/project-service.ts';
import type { Actor, ChangeContext } from './activity-entry.ts';

export const REASON_HEADER = 'x-signpost-reason';
const MAX_REASON_CHARS = 1000;

export type ChangeContextOf = (c: Context<ApiEnv>) => ChangeContext;

/**
 * Who is making this request, as a structured actor. `api-auth` has already authenticated the caller and
 * set a display string; this only looks up which key or member that was, from the same credentials, so the
 * log can filter by id. Called on writes only, after authentication succeeded.
 */
export function changeContextFrom(projects: ProjectService, auth: AuthService): ChangeContextOf {
  const actorOf = (c: Context<ApiEnv>): Actor => {
    const name = c.get('actor');
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (bearer) {
      const key = projects.personalKey(bearer);
      if (key) return { kind: 'personal_key', id: key.id, name };
      if (bearer.startsWith('phs_')) return { kind: 'project_secret_key', id: null, name };
    }
    const token = readSessionCookie(c);
    const user = token ? auth.session(token)?.user : undefined;
    if (user) return { kind: 'member', id: user.id, name: user.email };
    return { kind: 'system', id: null, name: name ?? 'system' };
  };
  return (c) => ({ actor: actorOf(c), reason: reasonOf(c) });
}

/**
 * The optional note from the `X-Signpost-Reason` header. A header (not a body field) so every write route
 * takes it without each strict body schema learning a new field; non-ASCII text is sent percent-encoded.
 */
export function reasonOf(c: Context): string | null {
  const raw = c.req.header(REASON_HEADER)?.trim();
  if (!raw) return null;
  let text = raw;
  try {
    text = decodeURIComponent(raw);
  } catch {
    // Not percent-encoded ("100% sure"): the header is the note as written.
  }
  if (text.length > MAX_REASON_CHARS) {
    throw new AppError(
      'INVALID_REASON',
      `The ${REASON_HEADER} header is ${text.length} characters; at most ${MAX_REASON_CHARS} are kept.`,
      REASON_HEADER,
    );
  }
  return text;
}
