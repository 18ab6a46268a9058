import type { IdentityConflictError } from '../ingestion/identity-conflict.ts';

/** Identities another node changed: the persons, distinct ids, groups and group-type projects to forget. */
export type IdentityChange = IdentityConflictError['stale'];

/**
 * The topics a change names: one per in-memory cache a node reloads. PostgreSQL's triggers (migration 3) send
 * them; a topic this build does not know (a newer node's) is ignored.
 */
export const TOPICS = [
  'projects',
  'keys',
  'members',
  'sessions',
  'flags',
  'hash_key_overrides',
  'cohorts',
  'insights',
  'dashboards',
  'experiments',
  'early_access',
] as const;
export type Topic = (typeof TOPICS)[number];

/**
 * What another node (or this one) committed to a store several Signpost nodes share. `resync` means
 * notifications may have been missed (the feed's connection was lost): every cache must be re-read.
 */
export type Change =
  | { kind: 'topic'; topic: string }
  | { kind: 'identity'; change: IdentityChange }
  | { kind: 'events'; environmentIds: number[] }
  | { kind: 'resync' };

/** Tells a node what changed in shared storage, so its in-memory caches follow the other nodes' writes. */
export interface ChangeFeed {
  /** Returns the unsubscribe function. Listeners are called synchronously and must not throw. */
  subscribe(listener: (change: Change) => void): () => void;
  close(): Promise<void>;
}
