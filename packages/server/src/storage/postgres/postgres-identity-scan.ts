import type { IdentityVisitor } from '../../ingestion/write-set.ts';
import type { Executor } from './postgres-database.ts';
import { num, str } from './row-values.ts';

/** Rows per keyset page: a few MB of row objects at most, whatever the number of identities. */
const PAGE = 10_000;

/** The sequence's last value: every mapping written so far (and any rolled back) has a version at most this. */
export async function maxDistinctIdVersion(db: Executor): Promise<number> {
  const rows = await db.run('SELECT last_value, is_called FROM person_distinct_id_version');
  const row = rows[0];
  return row && row.is_called === true ? num(row, 'last_value') : 0;
}

/**
 * Visits every distinct id and group in primary-key order, one page at a time, each page starting after the last
 * key of the previous one (an index range scan, unlike OFFSET), so millions of rows never sit in memory at once.
 */
export async function scanIdentities(db: Executor, visit: IdentityVisitor): Promise<void> {
  let after: [number, string] = [-1, ''];
  for (;;) {
    const rows = await db.run(
      `SELECT project_id, distinct_id FROM person_distinct_ids WHERE (project_id, distinct_id) > ($1, $2)
       ORDER BY project_id, distinct_id LIMIT ${PAGE}`,
      after,
    );
    for (const r of rows) visit.distinctId(num(r, 'project_id'), str(r, 'distinct_id'));
    const last = rows.at(-1);
    if (!last || rows.length < PAGE) break;
    after = [num(last, 'project_id'), str(last, 'distinct_id')];
  }
  let afterGroup: [number, number, string] = [-1, -1, ''];
  for (;;) {
    const rows = await db.run(
      `SELECT project_id, group_type_index, group_key FROM groups
       WHERE (project_id, group_type_index, group_key) > ($1, $2, $3)
       ORDER BY project_id, group_type_index, group_key LIMIT ${PAGE}`,
      afterGroup,
    );
    for (const r of rows) visit.group(num(r, 'project_id'), num(r, 'group_type_index'), str(r, 'group_key'));
    const last = rows.at(-1);
    if (!last || rows.length < PAGE) break;
    afterGroup = [num(last, 'project_id'), num(last, 'group_type_index'), str(last, 'group_key')];
  }
}
