import type { Group, GroupType } from '../../groups/group.ts';
import type { GroupQuery, GroupStore } from '../../groups/group-store.ts';
import type { Param, PostgresDatabase, Row } from './postgres-database.ts';
import { date, num, str } from './row-values.ts';
import { containsPattern, lowered } from './search-pattern.ts';

const GROUP_COLUMNS = 'group_type_index, group_key, properties, created_at, version';

function toGroup(projectId: number, row: Row): Group {
  return {
    projectId,
    groupTypeIndex: num(row, 'group_type_index'),
    groupKey: str(row, 'group_key'),
    properties: JSON.parse(str(row, 'properties')) as Group['properties'],
    createdAt: date(row, 'created_at'),
    version: num(row, 'version'),
  };
}

export class PostgresGroupStore implements GroupStore {
  constructor(private readonly db: PostgresDatabase) {}

  async listGroupTypes(projectId?: number): Promise<GroupType[]> {
    const rows = await this.db.run(
      `SELECT project_id, group_type, group_type_index, created_at FROM group_type_mapping
       WHERE $1::integer IS NULL OR project_id = $1 ORDER BY project_id, group_type_index`,
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
    const rows = await this.db.run(
      `SELECT ${GROUP_COLUMNS} FROM groups WHERE project_id = $1 AND (group_type_index, group_key) IN (
         SELECT * FROM unnest($2::integer[], $3::text[]))`,
      [projectId, refs.map((r) => String(r.groupTypeIndex)), refs.map((r) => r.groupKey)],
    );
    return rows.map((r) => toGroup(projectId, r));
  }

  async listGroups(q: GroupQuery): Promise<Group[]> {
    const params: Param[] = [q.projectId, q.groupTypeIndex];
    let search = '';
    if (q.search) {
      params.push(containsPattern(q.search));
      search = `AND (${lowered('group_key')} LIKE $3 ESCAPE '\\' OR ${lowered('properties')} LIKE $3 ESCAPE '\\')`;
    }
    params.push(q.limit, q.offset);
    const rows = await this.db.run(
      `SELECT ${GROUP_COLUMNS} FROM groups WHERE project_id = $1 AND group_type_index = $2 ${search}
       ORDER BY created_at DESC, group_key COLLATE "C" LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return rows.map((r) => toGroup(q.projectId, r));
  }
}
