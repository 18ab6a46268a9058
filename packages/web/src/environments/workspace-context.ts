import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ProjectView } from './environments-api.ts';

/** Where the signed-in member works: the current project seen from its current environment, and the others. */
export interface Workspace {
  current: ProjectView;
  projects: ProjectView[];
  /** Makes this environment the member's current one; every screen then loads its data again. */
  switchTo: (environmentId: number) => Promise<void>;
  /** Reads the project and the list again, after settings changed names, keys or environments. */
  refresh: () => Promise<void>;
}

export const WorkspaceContext = createContext<Workspace | null>(null);

export function useWorkspace(): Workspace {
  const workspace = useContext(WorkspaceContext);
  if (!workspace) throw new Error('useWorkspace outside the signed-in shell');
  return workspace;
}
