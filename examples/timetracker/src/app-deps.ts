import type { SignpostClientApi } from '@signpost/node';
import type { SessionStore } from './sessions.ts';
import type { TimeStore } from './time-store.ts';
import type { UserDirectory } from './users.ts';

/** What every route module is built from. */
export interface AppDeps {
  analytics: SignpostClientApi;
  users: UserDirectory;
  sessions: SessionStore;
  store: TimeStore;
}
