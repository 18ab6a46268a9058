import type { Topic } from '../storage/change-feed.ts';
import type { Reload } from './follow-changes.ts';

/** A service holding part of storage in memory, able to re-read it. */
export interface Reloadable {
  reload(): Promise<void>;
}

export interface CachingServices {
  projects: Reloadable;
  /** Data settings are notified on the `projects` topic (ingestion reads their ip handling from memory). */
  dataSettings: Reloadable;
  secretKeys: Reloadable;
  auth: Reloadable;
  members: Reloadable;
  flags: Reloadable;
  flagEvaluation: Reloadable;
  cohorts: Reloadable;
  insights: Reloadable;
  dashboards: Reloadable;
  experiments: Reloadable;
  earlyAccess: Reloadable;
}

/**
 * Which caches each topic makes stale. Personal keys live in the project service's cache, so `keys` reloads
 * it too; sessions live with users in the auth service. Every topic must be listed (the record is total).
 */
export function cacheReloads(s: CachingServices): Record<Topic, readonly Reload[]> {
  // One function per service, shared between topics, so a service's reloads are coalesced together.
  const reload = Object.fromEntries(
    Object.entries(s).map(([name, service]) => [name, () => service.reload()]),
  ) as Record<keyof CachingServices, Reload>;
  return {
    projects: [reload.projects, reload.dataSettings],
    keys: [reload.projects, reload.secretKeys],
    members: [reload.auth, reload.members],
    sessions: [reload.auth],
    flags: [reload.flags],
    hash_key_overrides: [reload.flagEvaluation],
    cohorts: [reload.cohorts],
    insights: [reload.insights],
    dashboards: [reload.dashboards],
    experiments: [reload.experiments],
    early_access: [reload.earlyAccess],
  };
}
