import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { crc32 } from 'node:zlib';
import type { RecentUuidsState } from './recent-uuids.ts';

/**
 * Where the dedup window is kept between a clean stop and the next start, and what the stored events looked
 * like when it was saved. A start uses the saved window only when storage still answers the same `marker`.
 */
export interface DedupSnapshotPlace {
  file: string;
  /** Identifies the stored events (their count): events written or deleted since the save change it. */
  marker(): Promise<string>;
}

const MAGIC = 'signpost-dedup-window 2';

interface Header {
  marker: string;
  head: number;
  ringLanes: number;
  tableLanes: number;
  endianness: string;
  /** CRC-32 of everything after the header line: a damaged file is not used. */
  crc: number;
}

const bytesOf = (a: Uint32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/**
 * The window as it is in memory (ring and lookup table, ~24 MB per million uuids), so a start copies it back
 * instead of inserting every uuid again. Written next to its final name and renamed over it: a crash mid-write
 * leaves no half a window.
 */
export async function saveDedupSnapshot(place: DedupSnapshotPlace, state: RecentUuidsState): Promise<void> {
  const ring = bytesOf(state.ring);
  const table = bytesOf(state.table);
  const header: Header = {
    marker: await place.marker(),
    head: state.head,
    ringLanes: state.ring.length,
    tableLanes: state.table.length,
    endianness: endianness(),
    crc: crc32(table, crc32(ring)),
  };
  const temporary = `${place.file}.tmp`;
  await writeFile(temporary, [Buffer.from(`${MAGIC} ${JSON.stringify(header)}\n`), ring, table]);
  await rename(temporary, place.file);
}

function parseHeader(text: string): Header | undefined {
  if (!text.startsWith(`${MAGIC} `)) return undefined;
  try {
    const h = JSON.parse(text.slice(MAGIC.length + 1)) as Partial<Header>;
    const counts = [h.head, h.ringLanes, h.tableLanes, h.crc];
    if (typeof h.marker !== 'string' || typeof h.endianness !== 'string') return undefined;
    if (!counts.every((n) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0)) return undefined;
    return h as Header;
  } catch {
    return undefined;
  }
}

/** Copied into fresh, aligned memory: the file's bytes need not start on a 4-byte boundary. */
function lanesAt(body: Buffer, offset: number, lanes: number): Uint32Array<ArrayBuffer> {
  const out = new Uint32Array(lanes);
  new Uint8Array(out.buffer).set(body.subarray(offset, offset + lanes * 4));
  return out;
}

/**
 * The saved window, or undefined when there is none or it cannot be trusted: another format or machine, cut
 * short, or saved when storage held other events (RecentUuids.fromState then checks the state itself). The file
 * is deleted before it is used, so a later crash cannot bring back a window that misses what came after.
 */
export async function takeDedupSnapshot(place: DedupSnapshotPlace): Promise<RecentUuidsState | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(place.file);
    await unlink(place.file);
  } catch {
    return undefined;
  }
  const newline = bytes.indexOf(10);
  const header = newline < 0 ? undefined : parseHeader(bytes.subarray(0, newline).toString('utf8'));
  if (!header || header.endianness !== endianness()) return undefined;
  const body = bytes.subarray(newline + 1);
  if (body.length !== (header.ringLanes + header.tableLanes) * 4 || crc32(body) !== header.crc)
    return undefined;
  if (header.marker !== (await place.marker())) return undefined;
  return {
    head: header.head,
    ring: lanesAt(body, 0, header.ringLanes),
    table: lanesAt(body, header.ringLanes * 4, header.tableLanes),
  };
}
