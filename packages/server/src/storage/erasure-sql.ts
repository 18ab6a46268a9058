import { randomBytes } from 'node:crypto';
import type { ErasureCounts, ErasureMode, ErasureRecord } from '../erasure/erasure.ts';
import { ERASURE_MODES } from '../erasure/erasure.ts';

/** The erasure store's statements, the same text for DuckDB and PostgreSQL (both take `$n` and ON CONFLICT). */
export const ERASURE_SQL = {
  insert: `INSERT INTO erasures (id, project_id, mode, requested_by, created_at, counts)
           VALUES ($1, $2, $3, $4, $5, $6)`,
  list: `SELECT id, project_id, mode, requested_by, created_at, counts FROM erasures WHERE project_id = $1
         ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
  // Nodes racing on the first erasure: the first row stored wins, the others read it back.
  makeSecret: 'INSERT INTO erasure_secrets (id, secret) VALUES (1, $1) ON CONFLICT DO NOTHING',
  readSecret: 'SELECT secret FROM erasure_secrets WHERE id = 1',
} as const;

export const newSecret = (): string => randomBytes(32).toString('hex');

const isMode = (v: string): v is ErasureMode => (ERASURE_MODES as readonly string[]).includes(v);

function countsOf(text: string): ErasureCounts {
  const parsed: unknown = JSON.parse(text);
  const counts: ErasureCounts = {};
  if (parsed === null || typeof parsed !== 'object') return counts;
  for (const [table, rows] of Object.entries(parsed))
    if (typeof rows === 'number') Object.defineProperty(counts, table, { value: rows, enumerable: true });
  return counts;
}

export interface ErasureRow {
  id: string;
  projectId: number;
  mode: string;
  requestedBy: string;
  createdAt: Date;
  counts: string;
}

export function erasureOf(row: ErasureRow): ErasureRecord {
  if (!isMode(row.mode)) throw new Error(`Unknown erasure mode "${row.mode}" in storage.`);
  return { ...row, mode: row.mode, counts: countsOf(row.counts) };
}

export const insertParams = (r: ErasureRecord) =>
  [r.id, r.projectId, r.mode, r.requestedBy, r.createdAt, JSON.stringify(r.counts)] as const;
