import { IdentityConflictError } from '../../ingestion/identity-conflict.ts';
import { distinctKey, groupKey } from '../../ingestion/ingestion-state.ts';
import type { WriteSet } from '../../ingestion/write-set.ts';
import { personIdFor } from '../../persons/person-processor.ts';
import { CHANNELS, encodeIdentityChange, type IdentityChange } from './change-channels.ts';
import { conflictOf, isDeadlock, readOwnedDistinctIds } from './identity-conflicts.ts';
import type { Executor, Row } from './postgres-database.ts';
import { num, str } from './row-values.ts';

/** A mapping as PostgreSQL versioned it: the ClickHouse copies must carry the same version to agree on argMax. */
export interface VersionedDistinctId {
  projectId: number;
  distinctId: string;
  personId: string;
  version: number;
}

export interface VersionedOverride {
  projectId: number;
  oldPersonId: string;
  personId: string;
  version: number;
}

export interface WrittenIdentities {
  distinctIds: VersionedDistinctId[];
  overrides: VersionedOverride[];
}

// Arrays travel as text and are cast in SQL: one statement per kind of write, whatever the number of rows.
const s = (values: readonly (number | boolean)[]) => values.map(String);
const iso = (values: readonly Date[]) => values.map((d) => d.toISOString());

/**
 * Writes a commit's identity rows into PostgreSQL inside the caller's transaction, checking each against what
 * the commit was computed from (`ws.bases`): a new row must not exist yet (INSERT … ON CONFLICT DO NOTHING), an
 * update must find the row as it was read (UPDATE … WHERE version = base). Rows that did not match make the whole
 * commit an IdentityConflictError, so the queue re-reads them and redoes its batch; nothing is half-written
 * because the caller rolls the transaction back. Every kind of write is checked before throwing, so one conflict
 * lists everything stale and the redo rarely meets a second one.
 */
export class PostgresIdentityWriter {
  async write(tx: Executor, ws: WriteSet): Promise<WrittenIdentities> {
    try {
      return await this.writeChecked(tx, ws);
    } catch (error) {
      // Two nodes locking the same rows in opposite orders: PostgreSQL aborts one. Its batch is redone from
      // fresh reads like any other conflict, so the client never sees it.
      if (isDeadlock(error)) throw new IdentityConflictError(changeOf(ws));
      throw error;
    }
  }

  /** PostgreSQL's class 22 (a value it cannot hold, such as a NUL byte in text) is the data's fault. */
  isDataError(error: unknown): boolean {
    const code = (error as { code?: unknown } | null)?.code;
    return error instanceof Error && typeof code === 'string' && code.startsWith('22');
  }

  private async writeChecked(tx: Executor, ws: WriteSet): Promise<WrittenIdentities> {
    const stale = conflictOf();
    const stalePersons = await writePersons(tx, ws);
    stale.personIds.push(...stalePersons);
    const mappings = await writeDistinctIds(tx, ws);
    stale.distinctIds.push(...mappings.stale);
    stale.groups.push(...(await writeGroups(tx, ws)));
    stale.groupTypeProjects.push(...(await writeGroupTypes(tx, ws)));
    const count = stale.personIds.length + stale.distinctIds.length + stale.groups.length;
    if (count + stale.groupTypeProjects.length > 0) {
      await readOwnedDistinctIds(tx, stale);
      throw new IdentityConflictError(stale);
    }
    const overrides = await writeOverrides(tx, mappings.written);
    await notify(tx, ws);
    return { distinctIds: mappings.written, overrides };
  }
}

/** Everything a commit touches: what it announces on the change feed, and what a deadlock makes stale. */
function changeOf(ws: WriteSet): IdentityChange {
  return {
    distinctIds: ws.distinctIds.map((d) => ({ projectId: d.projectId, distinctId: d.distinctId })),
    personIds: ws.persons.map((p) => p.person.id),
    groups: ws.groups.map((g) => ({
      projectId: g.projectId,
      groupTypeIndex: g.groupTypeIndex,
      groupKey: g.groupKey,
    })),
    groupTypeProjects: [...new Set(ws.groupTypes.map((t) => t.projectId))],
  };
}

/** Stale person ids. Sorted by key so two nodes writing the same rows usually lock them in the same order. */
async function writePersons(tx: Executor, ws: WriteSet): Promise<string[]> {
  const base = (id: string) => ws.bases?.persons.get(id) ?? null;
  const rows = [...ws.persons].sort((a, b) => (a.person.id < b.person.id ? -1 : 1));
  const created = rows.filter((r) => base(r.person.id) === null);
  const updated = rows.filter((r) => base(r.person.id) !== null);
  const done = new Set<string>();
  if (created.length > 0) {
    const inserted = await tx.run(
      `INSERT INTO persons (project_id, id, created_at, properties, is_identified, is_deleted, version)
       SELECT * FROM unnest($1::integer[], $2::uuid[], $3::timestamptz[], $4::text[], $5::boolean[],
                            $6::boolean[], $7::bigint[])
       ON CONFLICT (id) DO NOTHING RETURNING id::text AS id`,
      [
        s(created.map((r) => r.person.projectId)),
        created.map((r) => r.person.id),
        iso(created.map((r) => r.person.createdAt)),
        created.map((r) => JSON.stringify(r.person.properties)),
        s(created.map((r) => r.person.isIdentified)),
        s(created.map((r) => r.deleted)),
        s(created.map((r) => r.person.version)),
      ],
    );
    for (const r of inserted) done.add(str(r, 'id'));
  }
  if (updated.length > 0) {
    const changed = await tx.run(
      `UPDATE persons p SET created_at = u.created_at, properties = u.properties, is_identified = u.is_identified,
              is_deleted = u.is_deleted, version = u.version
       FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::boolean[], $5::boolean[], $6::bigint[],
                   $7::bigint[]) AS u(id, created_at, properties, is_identified, is_deleted, version, base)
       WHERE p.id = u.id AND p.version = u.base RETURNING p.id::text AS id`,
      [
        updated.map((r) => r.person.id),
        iso(updated.map((r) => r.person.createdAt)),
        updated.map((r) => JSON.stringify(r.person.properties)),
        s(updated.map((r) => r.person.isIdentified)),
        s(updated.map((r) => r.deleted)),
        s(updated.map((r) => r.person.version)),
        updated.map((r) => String(base(r.person.id))),
      ],
    );
    for (const r of changed) done.add(str(r, 'id'));
  }
  return rows.filter((r) => !done.has(r.person.id)).map((r) => r.person.id);
}

const mappingOf = (r: Row): VersionedDistinctId => ({
  projectId: num(r, 'project_id'),
  distinctId: str(r, 'distinct_id'),
  personId: str(r, 'person_id'),
  version: num(r, 'version'),
});

/** Mappings get their versions from the shared sequence as they are written (insert default or update). */
async function writeDistinctIds(
  tx: Executor,
  ws: WriteSet,
): Promise<{ written: VersionedDistinctId[]; stale: { projectId: number; distinctId: string }[] }> {
  const base = (d: { projectId: number; distinctId: string }) =>
    ws.bases?.distinctIds.get(distinctKey(d.projectId, d.distinctId)) ?? null;
  const rows = [...ws.distinctIds].sort(
    (a, b) => a.projectId - b.projectId || (a.distinctId < b.distinctId ? -1 : 1),
  );
  const created = rows.filter((d) => base(d) === null);
  const updated = rows.filter((d) => base(d) !== null);
  const written: VersionedDistinctId[] = [];
  const RETURNING = 'RETURNING project_id, distinct_id, person_id::text AS person_id, version';
  if (created.length > 0) {
    const inserted = await tx.run(
      `INSERT INTO person_distinct_ids (project_id, distinct_id, person_id)
       SELECT * FROM unnest($1::integer[], $2::text[], $3::uuid[])
       ON CONFLICT (project_id, distinct_id) DO NOTHING ${RETURNING}`,
      [s(created.map((d) => d.projectId)), created.map((d) => d.distinctId), created.map((d) => d.personId)],
    );
    written.push(...inserted.map(mappingOf));
  }
  if (updated.length > 0) {
    const changed = await tx.run(
      `UPDATE person_distinct_ids d SET person_id = u.person_id, version = nextval('person_distinct_id_version')
       FROM unnest($1::integer[], $2::text[], $3::uuid[], $4::uuid[]) AS u(project_id, distinct_id, person_id, base)
       WHERE d.project_id = u.project_id AND d.distinct_id = u.distinct_id AND d.person_id = u.base
       RETURNING d.project_id, d.distinct_id, d.person_id::text AS person_id, d.version`,
      [
        s(updated.map((d) => d.projectId)),
        updated.map((d) => d.distinctId),
        updated.map((d) => d.personId),
        updated.map((d) => base(d) as string),
      ],
    );
    written.push(...changed.map(mappingOf));
  }
  const done = new Set(written.map((d) => distinctKey(d.projectId, d.distinctId)));
  const stale = rows
    .filter((d) => !done.has(distinctKey(d.projectId, d.distinctId)))
    .map((d) => ({ projectId: d.projectId, distinctId: d.distinctId }));
  return { written, stale };
}

/**
 * Events carry the deterministic person id of their distinct id; once that id maps elsewhere, the override sends
 * queries to the mapped person (as the DuckDB store does), so a merge never rewrites events.
 */
async function writeOverrides(tx: Executor, mappings: VersionedDistinctId[]): Promise<VersionedOverride[]> {
  const overrides = mappings
    .map((d) => ({ ...d, oldPersonId: personIdFor(d.projectId, d.distinctId) }))
    .filter((d) => d.personId !== d.oldPersonId)
    .map(({ projectId, oldPersonId, personId, version }) => ({ projectId, oldPersonId, personId, version }));
  if (overrides.length === 0) return [];
  await tx.run(
    `INSERT INTO person_overrides (project_id, old_person_id, person_id, version)
     SELECT * FROM unnest($1::integer[], $2::uuid[], $3::uuid[], $4::bigint[])
     ON CONFLICT (project_id, old_person_id) DO UPDATE SET person_id = EXCLUDED.person_id, version = EXCLUDED.version`,
    [
      s(overrides.map((o) => o.projectId)),
      overrides.map((o) => o.oldPersonId),
      overrides.map((o) => o.personId),
      s(overrides.map((o) => o.version)),
    ],
  );
  return overrides;
}

async function writeGroups(tx: Executor, ws: WriteSet): Promise<IdentityChange['groups']> {
  const keyOf = (g: { projectId: number; groupTypeIndex: number; groupKey: string }) =>
    groupKey(g.projectId, g.groupTypeIndex, g.groupKey);
  const base = (g: { projectId: number; groupTypeIndex: number; groupKey: string }) =>
    ws.bases?.groups.get(keyOf(g)) ?? null;
  const rows = [...ws.groups].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
  const created = rows.filter((g) => base(g) === null);
  const updated = rows.filter((g) => base(g) !== null);
  const done = new Set<string>();
  const RETURNING = 'RETURNING project_id, group_type_index, group_key';
  const remember = (r: Row) =>
    done.add(groupKey(num(r, 'project_id'), num(r, 'group_type_index'), str(r, 'group_key')));
  if (created.length > 0) {
    const inserted = await tx.run(
      `INSERT INTO groups (project_id, group_type_index, group_key, properties, created_at, version)
       SELECT * FROM unnest($1::integer[], $2::integer[], $3::text[], $4::text[], $5::timestamptz[], $6::bigint[])
       ON CONFLICT (project_id, group_type_index, group_key) DO NOTHING ${RETURNING}`,
      [
        s(created.map((g) => g.projectId)),
        s(created.map((g) => g.groupTypeIndex)),
        created.map((g) => g.groupKey),
        created.map((g) => JSON.stringify(g.properties)),
        iso(created.map((g) => g.createdAt)),
        s(created.map((g) => g.version)),
      ],
    );
    inserted.forEach(remember);
  }
  if (updated.length > 0) {
    const changed = await tx.run(
      `UPDATE groups g SET properties = u.properties, created_at = u.created_at, version = u.version
       FROM unnest($1::integer[], $2::integer[], $3::text[], $4::text[], $5::timestamptz[], $6::bigint[],
                   $7::bigint[]) AS u(project_id, group_type_index, group_key, properties, created_at, version, base)
       WHERE g.project_id = u.project_id AND g.group_type_index = u.group_type_index
         AND g.group_key = u.group_key AND g.version = u.base
       RETURNING g.project_id, g.group_type_index, g.group_key`,
      [
        s(updated.map((g) => g.projectId)),
        s(updated.map((g) => g.groupTypeIndex)),
        updated.map((g) => g.groupKey),
        updated.map((g) => JSON.stringify(g.properties)),
        iso(updated.map((g) => g.createdAt)),
        s(updated.map((g) => g.version)),
        updated.map((g) => String(base(g))),
      ],
    );
    changed.forEach(remember);
  }
  return rows
    .filter((g) => !done.has(keyOf(g)))
    .map((g) => ({ projectId: g.projectId, groupTypeIndex: g.groupTypeIndex, groupKey: g.groupKey }));
}

/** A type whose index or name another node took first: the project's types reload whole. */
async function writeGroupTypes(tx: Executor, ws: WriteSet): Promise<number[]> {
  if (ws.groupTypes.length === 0) return [];
  const types = ws.groupTypes;
  const inserted = await tx.run(
    `INSERT INTO group_type_mapping (project_id, group_type, group_type_index, created_at)
     SELECT * FROM unnest($1::integer[], $2::text[], $3::integer[], $4::timestamptz[])
     ON CONFLICT DO NOTHING RETURNING project_id, group_type_index`,
    [
      s(types.map((t) => t.projectId)),
      types.map((t) => t.groupType),
      s(types.map((t) => t.groupTypeIndex)),
      iso(types.map((t) => t.createdAt)),
    ],
  );
  const done = new Set(inserted.map((r) => `${num(r, 'project_id')}:${num(r, 'group_type_index')}`));
  const stale = types.filter((t) => !done.has(`${t.projectId}:${t.groupTypeIndex}`)).map((t) => t.projectId);
  return [...new Set(stale)];
}

/** Sent inside the transaction: PostgreSQL delivers them at COMMIT, and never if it rolls back. */
async function notify(tx: Executor, ws: WriteSet): Promise<void> {
  const channels: string[] = [];
  const payloads: string[] = [];
  for (const payload of encodeIdentityChange(changeOf(ws))) {
    channels.push(CHANNELS.identity);
    payloads.push(payload);
  }
  const environments = [...new Set(ws.events.map((e) => e.projectId))];
  if (environments.length > 0) {
    channels.push(CHANNELS.events);
    payloads.push(environments.join(','));
  }
  if (channels.length === 0) return;
  await tx.run('SELECT pg_notify(c, p) FROM unnest($1::text[], $2::text[]) AS n(c, p)', [channels, payloads]);
}
