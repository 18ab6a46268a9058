import type { Group, GroupType } from './group.ts';

export interface GroupQuery {
  projectId: number;
  groupTypeIndex: number;
  /** Case-insensitive substring of the key or of any property value. */
  search?: string | undefined;
  limit: number;
  offset: number;
}

export interface GroupStore {
  listGroupTypes(projectId?: number): Promise<GroupType[]>;
  findGroups(projectId: number, refs: { groupTypeIndex: number; groupKey: string }[]): Promise<Group[]>;
  listGroups(query: GroupQuery): Promise<Group[]>;
}
