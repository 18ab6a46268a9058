import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Role } from './permissions.ts';

export interface SignedIn {
  userId: string;
  email: string;
  project: { id: number; name: string; api_token: string };
  /** The member's role in this project, as of the last session read (a reload picks up a change). */
  role: Role | null;
  /** The scopes the role grants, in PostHog's names (`*` for admins), as the session reported them. */
  scopes: readonly string[];
  /** Whether the role grants a scope such as `feature_flag:write`; controls it does not are hidden or disabled. */
  can: (scope: string) => boolean;
  signOut: () => void;
}

export const SessionContext = createContext<SignedIn | null>(null);

/** The signed-in user and project; screens inside the shell only render once both are known. */
export function useSession(): SignedIn {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in shell');
  return session;
}

/** Shorthand for one scope check in a screen. */
export const useCan = (scope: string): boolean => useSession().can(scope);
