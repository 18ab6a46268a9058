import type { IdentityConflictError } from '../../ingestion/identity-conflict.ts';

/**
 * The PostgreSQL NOTIFY channels nodes tell each other about changes on. A notification is sent inside the
 * writing transaction, so it is delivered exactly when (and only if) the change commits.
 */
export const CHANNELS = {
  /** Payload: a topic name (`flags`, `cohorts`, …); sent by statement triggers on the metadata tables. */
  changes: 'signpost_changes',
  /** Payload: comma-separated environment ids that got new events (query caches listen). */
  events: 'signpost_events',
  /** Payload: `encodeIdentityChange` JSON; nodes forget what they cached about these identities. */
  identity: 'signpost_identity',
} as const;

export type IdentityChange = IdentityConflictError['stale'];

// PostgreSQL refuses payloads from 8000 bytes on; stay clear of it with room for multi-byte characters.
const MAX_PAYLOAD_BYTES = 7_500;

interface Wire {
  d: [number, string][];
  p: string[];
  g: [number, number, string][];
  t: number[];
}

/** Splits a change into payloads that each fit one notification (none when there is nothing to say). */
export function encodeIdentityChange(change: IdentityChange): string[] {
  const payloads: string[] = [];
  let wire: Wire = { d: [], p: [], g: [], t: [] };
  let size = 0;
  const flush = () => {
    if (size === 0) return;
    payloads.push(JSON.stringify(wire));
    wire = { d: [], p: [], g: [], t: [] };
    size = 0;
  };
  const add = (bytes: number, push: () => void) => {
    if (size > 0 && size + bytes > MAX_PAYLOAD_BYTES) flush();
    // An entry too large alone (a distinct id is at most 200 characters after validation) is still sent.
    push();
    size += bytes;
  };
  for (const d of change.distinctIds)
    add(Buffer.byteLength(JSON.stringify(d.distinctId)) + 16, () => wire.d.push([d.projectId, d.distinctId]));
  for (const id of change.personIds) add(40, () => wire.p.push(id));
  for (const g of change.groups)
    add(Buffer.byteLength(JSON.stringify(g.groupKey)) + 24, () =>
      wire.g.push([g.projectId, g.groupTypeIndex, g.groupKey]),
    );
  for (const t of change.groupTypeProjects) add(12, () => wire.t.push(t));
  flush();
  return payloads;
}

/** The `events` payload: the environments that got new events, comma-separated. */
export function encodeEnvironmentIds(ids: Iterable<number>): string {
  return [...new Set(ids)].join(',');
}

/** Reads an `events` payload back; anything that is not a non-negative integer is skipped. */
export function decodeEnvironmentIds(payload: string): number[] {
  return payload
    .split(',')
    .filter((part) => /^\d{1,15}$/.test(part.trim()))
    .map((part) => Number(part.trim()));
}

const isTuple = (v: unknown, length: number): v is unknown[] => Array.isArray(v) && v.length === length;

/** Reads a payload back; anything malformed (another version's format) yields undefined rather than a throw. */
export function decodeIdentityChange(payload: string): IdentityChange | undefined {
  let wire: unknown;
  try {
    wire = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (typeof wire !== 'object' || wire === null) return undefined;
  const { d, p, g, t } = wire as Partial<Record<keyof Wire, unknown>>;
  if (!Array.isArray(d) || !Array.isArray(p) || !Array.isArray(g) || !Array.isArray(t)) return undefined;
  const change: IdentityChange = { distinctIds: [], personIds: [], groups: [], groupTypeProjects: [] };
  for (const e of d) {
    if (!isTuple(e, 2) || typeof e[0] !== 'number' || typeof e[1] !== 'string') return undefined;
    change.distinctIds.push({ projectId: e[0], distinctId: e[1] });
  }
  for (const e of p) {
    if (typeof e !== 'string') return undefined;
    change.personIds.push(e);
  }
  for (const e of g) {
    if (!isTuple(e, 3) || typeof e[0] !== 'number' || typeof e[1] !== 'number' || typeof e[2] !== 'string')
      return undefined;
    change.groups.push({ projectId: e[0], groupTypeIndex: e[1], groupKey: e[2] });
  }
  for (const e of t) {
    if (typeof e !== 'number') return undefined;
    change.groupTypeProjects.push(e);
  }
  return change;
}
