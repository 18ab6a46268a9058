import { type ComponentChildren, Fragment } from 'preact';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { SessionContext, useSession } from '../auth/session-context.ts';
import { ErrorNotice, Loading } from '../ui/status.tsx';
import { currentProject, listProjects, type ProjectView, switchEnvironment } from './environments-api.ts';
import { type Workspace, WorkspaceContext } from './workspace-context.ts';

/**
 * Loads the current project and environment before any screen renders, and re-renders the screens (keyed by the
 * environment id) after a switch, so none keeps showing data of the environment it left.
 */
export function WorkspaceProvider({
  children,
  onSwitched,
}: {
  children: ComponentChildren;
  /** The member's role can differ between projects: the session is read again after a switch. */
  onSwitched: () => Promise<unknown>;
}) {
  const session = useSession();
  const [state, setState] = useState<{ current: ProjectView; projects: ProjectView[] } | undefined>();
  const [error, setError] = useState<unknown>();

  const refresh = useCallback(async () => {
    try {
      const [current, projects] = await Promise.all([currentProject(), listProjects()]);
      setState({ current, projects });
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  }, []);

  useEffect(() => void refresh(), [refresh]);

  const workspace = useMemo<Workspace | null>(() => {
    if (!state) return null;
    return {
      ...state,
      refresh,
      switchTo: async (environmentId: number) => {
        await switchEnvironment(environmentId);
        await Promise.all([refresh(), onSwitched()]);
      },
    };
  }, [state, refresh, onSwitched]);

  // The key SDKs use is the environment's, not the project's: snippets and "who gets this" follow the switch.
  const scoped = useMemo(
    () =>
      state
        ? {
            ...session,
            project: {
              id: state.current.project_id,
              name: state.current.name,
              api_token: state.current.api_token,
            },
          }
        : session,
    [session, state],
  );

  if (error && !state) return <ErrorNotice error={error} retry={() => void refresh()} />;
  if (!workspace) return <Loading />;
  return (
    <WorkspaceContext.Provider value={workspace}>
      <SessionContext.Provider value={scoped}>
        <Fragment key={workspace.current.id}>{children}</Fragment>
      </SessionContext.Provider>
    </WorkspaceContext.Provider>
  );
}
