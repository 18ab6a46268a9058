import type { Person } from '../api/types.ts';

/** Email when known, else the first distinct id (cohort member lists do not carry the server's `name`). */
export function personName(p: Person): string {
  if (p.name) return p.name;
  const email = p.properties.email;
  return typeof email === 'string' ? email : (p.distinct_ids[0] ?? p.id);
}
