import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export interface SignedIn {
  email: string;
  project: { id: number; name: string; api_token: string };
  signOut: () => void;
}

export const SessionContext = createContext<SignedIn | null>(null);

/** The signed-in user and project; screens inside the shell only render once both are known. */
export function useSession(): SignedIn {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in shell');
  return session;
}
