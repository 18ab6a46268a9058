import { isRole, type Role, roleAtLeast } from '../access/roles.ts';

/**
 * Parses `signpost-admins=admin,eng=flag_editor`. Group names may hold anything but `,` and `=` (Entra sends
 * object ids, Keycloak `/path/names`); an unknown role is an error, not a silently ignored group.
 */
export function parseRoleMap(text: string): { map: Map<string, Role> } | { error: string } {
  const map = new Map<string, Role>();
  for (const entry of text.split(',')) {
    if (entry.trim() === '') continue;
    const at = entry.lastIndexOf('=');
    const group = entry.slice(0, at).trim();
    const role = entry.slice(at + 1).trim();
    if (at < 0 || group === '') return { error: `"${entry.trim()}" is not group=role` };
    if (!isRole(role)) return { error: `"${role}" is not a role (viewer, analyst, flag_editor, admin)` };
    map.set(group, role);
  }
  return { map };
}

/** The highest role any of the member's groups maps to, or undefined when none is mapped. */
export function roleFromGroups(groups: readonly string[], map: ReadonlyMap<string, Role>): Role | undefined {
  let best: Role | undefined;
  for (const group of groups) {
    const role = map.get(group);
    if (role && (!best || roleAtLeast(role, best))) best = role;
  }
  return best;
}
