import { PROJECT } from '../api/endpoints.ts';
import { get, post, query } from '../api/http.ts';
import type { ActivityPage, Flag } from '../api/types.ts';
import type { ChangeRequest } from '../change-requests/change-requests-api.ts';

export interface ActivityFilters {
  scope?: string;
  item_id?: string;
  actor_kind?: string;
  /** ISO dates (`after` inclusive, `before` exclusive). */
  after?: string;
  before?: string;
}

/** One page of the project's log; `cursor` is taken from the previous page's `next`. */
export function listActivity(filters: ActivityFilters, cursor?: string): Promise<ActivityPage> {
  return get<ActivityPage>(`${PROJECT}/activity_log/${query({ ...filters, cursor, limit: 50 })}`);
}

/** The cursor of a `next` URL, so the next page is asked with the same filters the screen holds. */
export const cursorOf = (next: string | null): string | undefined =>
  next ? (new URL(next, location.origin).searchParams.get('cursor') ?? undefined) : undefined;

export function revertFlagChange(flagId: string, entryId: string): Promise<Flag | ChangeRequest> {
  return post<Flag | ChangeRequest>(`${PROJECT}/feature_flags/${flagId}/activity/${entryId}/revert/`, {});
}
