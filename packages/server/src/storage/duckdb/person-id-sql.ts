import { PERSON_NAMESPACE } from '../../persons/person-processor.ts';

/**
 * `personIdFor(projectId, distinctId)` (a uuid v5) computed by DuckDB, so a migration can tell which
 * mapping rows point a distinct id away from the person id its events may carry.
 */
export function personIdSql(projectId: string, distinctId: string): string {
  const ns = PERSON_NAMESPACE.replaceAll('-', '');
  const h = `sha1(unhex('${ns}') || encode(${projectId}::VARCHAR || ':' || ${distinctId}))`;
  // Version nibble 5 and the RFC 4122 variant bits, as uuidv5() sets them.
  const variant = `substr('89ab', 1 + (('0x' || substr(${h}, 17, 1))::INTEGER & 3), 1)`;
  return `(substr(${h}, 1, 12) || '5' || substr(${h}, 14, 3) || ${variant} || substr(${h}, 18, 15))::UUID`;
}
