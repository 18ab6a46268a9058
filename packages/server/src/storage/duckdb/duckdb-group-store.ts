import { listValue } from '@duckdb/node-api';
import type { Group, GroupType } from '../../groups/group.ts';
import type { GroupQuery, GroupStore } from '../../groups/group-store.ts';
import type { DuckDbDatabase, Row } from './duckdb-database.ts';
import { date, num, props, str } from './row-values.ts';

const CURRENT = `
  current_groups AS (
    SELECT group_type_index, group_key, arg_max(properties, version) AS properties,
           min(created_at) AS created_at, max(version) AS version
    FROM groups WHERE project_id = $1 GROUP BY group_type_index, group_key)`;

function toGroup(projectId: number, row: Row): Group {
  return {
    projectId,
    groupTypeIndex: num(row, 'group_type_index'),
    groupKey: str(row, 'group_key'),
    properties: props(row, 'properties'),
    createdAt: date(row, 'created_at'),
    version: num(row, 'version'),
  };
}

export class DuckDbGroupStore implements GroupStore {
  constructor(private readonly db: DuckDbDatabase) {}

  async listGroupTypes(projectId?: number): Promise<GroupType[]> {
    const rows = await this.db.query(
      `SELECT project_id, group_type, group_type_index, created_at FROM group_type_mapping
       WHERE $1::INTEGER IS NULL OR project_id = $1 ORDER BY project_id, group_type_index`,
      [projectId ?? null],
    );
    return rows.map((r) => ({
      projectId: num(r, 'project_id'),
      groupType: str(r, 'group_type'),
      groupTypeIndex: num(r, 'group_type_index'),
      createdAt: date(r, 'created_at'),
    }));
  }

  async findGroups(
    projectId: number,
    refs: { groupTypeIndex: number; groupKey: string }[],
  ): Promise<Group[]> {
    if (refs.length === 0) return [];
    const found: Group[] = [];
    // One query per group type keeps the parameters simple; a commit touches few types.
    const byIndex = new Map<number, string[]>();
    for (const r of refs)
      byIndex.set(r.groupTypeIndex, [...(byIndex.get(r.groupTypeIndex) ?? []), r.groupKey]);
    for (const [index, keys] of byIndex) {
      const rows = await this.db.query(
        `WITH ${CURRENT} SELECT * FROM current_groups
         WHERE group_type_index = $2 AND group_key IN (SELECT unnest($3::VARCHAR[]))`,
        [projectId, index, listValue(keys)],
      );
      found.push(...rows.map((r) => toGroup(projectId, r)));
    }
    return found;
  }

  async listGroups(q: GroupQuery): Promise<Group[]> {
    const params: (string | number)[] = [q.projectId, q.groupTypeIndex];
    let search = '';
    if (q.search) {
      // contains(), not LIKE: a `%` or `_` the user typed is a character to find, not a wildcard.
      params.push(q.search.toLowerCase());
      search = `AND (contains(lower(group_key), $3) OR contains(lower(properties::VARCHAR), $3))`;
    }
    params.push(q.limit, q.offset);
    const rows = await this.db.query(
      `WITH ${CURRENT} SELECT * FROM current_groups WHERE group_type_index = $2 ${search}
       ORDER BY created_at DESC, group_key LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return rows.map((r) => toGroup(q.projectId, r));
  }
}
