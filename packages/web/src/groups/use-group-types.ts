import { PROJECT } from '../api/endpoints.ts';
import { get } from '../api/http.ts';
import type { GroupType } from '../api/types.ts';
import { type Resource, useResource } from '../ui/use-resource.ts';

let pending: Promise<GroupType[]> | undefined;

/** The project's group types (organization, instance, …); fetched once per page load. */
export function useGroupTypes(): Resource<GroupType[]> {
  return useResource(() => {
    pending ??= get<GroupType[]>(`${PROJECT}/groups_types/`).catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  }, []);
}
