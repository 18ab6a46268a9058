import type { ComputedMembership } from './computed-membership.ts';

/** Joins the two stored halves (a run row per pair, a member row per distinct id) back into memberships. */
export function groupMemberships(
  runs: { cohortId: number; environmentId: number; computedAt: Date }[],
  members: { cohortId: number; environmentId: number; distinctId: string }[],
): ComputedMembership[] {
  const byPair = new Map<string, ComputedMembership>();
  for (const r of runs) byPair.set(`${r.cohortId}:${r.environmentId}`, { ...r, distinctIds: [] });
  for (const m of members) byPair.get(`${m.cohortId}:${m.environmentId}`)?.distinctIds.push(m.distinctId);
  for (const m of byPair.values()) m.distinctIds.sort();
  return [...byPair.values()];
}
