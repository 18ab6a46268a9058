import type { ExportRow } from './event-export-store.ts';

/** What a personal property's value becomes in an export: present (the key is still countable), but unreadable. */
export const MASKED = '***';
const PROPERTIES = 6;

const maskIn = (object: Record<string, unknown>, keys: ReadonlySet<string>): boolean => {
  let changed = false;
  for (const key of Object.keys(object))
    if (keys.has(key)) {
      object[key] = MASKED;
      changed = true;
    }
  return changed;
};

/**
 * Masks the project's personal property keys in each row's properties, and in the `$set`/`$set_once` person
 * updates they carry (where an identify puts an email). Rows without such keys are passed through unchanged.
 */
export function maskPersonalProperties(rows: ExportRow[], keys: readonly string[]): ExportRow[] {
  if (keys.length === 0) return rows;
  const wanted = new Set(keys);
  return rows.map((row) => {
    const text = row[PROPERTIES];
    // Parsed every time: a substring pre-check would miss a key the store wrote with escaped characters.
    if (!text) return row;
    const properties = JSON.parse(text) as Record<string, unknown>;
    let changed = maskIn(properties, wanted);
    for (const nested of ['$set', '$set_once']) {
      const value = properties[nested];
      if (value && typeof value === 'object' && !Array.isArray(value))
        changed = maskIn(value as Record<string, unknown>, wanted) || changed;
    }
    if (!changed) return row;
    const copy = [...row];
    copy[PROPERTIES] = JSON.stringify(properties);
    return copy;
  });
}
