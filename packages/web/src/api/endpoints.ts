import { post } from './http.ts';
import type { FlagDecision } from './types.ts';

/** The project API's base path; the session decides which project `@current` is. */
export const PROJECT = '/api/projects/@current';

/**
 * What an SDK would get for this distinct id, straight from the public /flags endpoint, with the server's
 * reason for each flag.
 */
export async function evaluateFlags(
  token: string,
  distinctId: string,
): Promise<Record<string, FlagDecision>> {
  const body = await post<{ flags: Record<string, FlagDecision> }>('/flags/?v=2', {
    token,
    distinct_id: distinctId,
  });
  return body.flags;
}
