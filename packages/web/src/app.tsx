import { useEffect, useMemo, useState } from 'preact/hooks';
import { get, post, setCsrfToken, whenSignedOut } from './api/http.ts';
import type { SessionInfo } from './api/types.ts';
import { AcceptInvitePage } from './auth/accept-invite-page.tsx';
import { grants, isRole } from './auth/permissions.ts';
import { ResetPasswordPage } from './auth/reset-password-page.tsx';
import { SessionContext, type SignedIn } from './auth/session-context.ts';
import { SignInPage } from './auth/sign-in-page.tsx';
import { WorkspaceProvider } from './environments/workspace-provider.tsx';
import { AppShell } from './layout/app-shell.tsx';
import { useLocation } from './router/router.ts';
import { Routes } from './routes.tsx';
import { ErrorNotice, Loading } from './ui/status.tsx';

/** Decides between loading, sign-in (or first-run setup) and the signed-in app. */
export function App() {
  const { path } = useLocation();
  const [session, setSession] = useState<SessionInfo | undefined>();
  const [error, setError] = useState<unknown>();

  const refresh = () => get<SessionInfo>('/_auth/session').then(setSession, (e: unknown) => setError(e));

  useEffect(() => {
    whenSignedOut(() => void refresh());
    void refresh();
  }, []);

  useEffect(() => {
    if (session?.csrf_token) setCsrfToken(session.csrf_token);
  }, [session]);

  const signedIn = useMemo<SignedIn | null>(() => {
    if (!session?.authenticated || !session.user || !session.project) return null;
    const scopes = new Set(session.scopes ?? []);
    return {
      userId: session.user.id,
      email: session.user.email,
      project: session.project,
      role: isRole(session.role) ? session.role : null,
      scopes: session.scopes ?? [],
      can: (scope: string) => grants(scopes, scope),
      signOut: () => {
        // Asked again rather than assumed, so the sign-in page knows whether to offer SSO.
        void post('/_auth/logout').finally(() => void refresh());
      },
    };
  }, [session]);

  // Invitation and reset links work whoever is signed in here: the token in the link is the credential.
  if (path === '/accept-invite') return <AcceptInvitePage onAccepted={refresh} />;
  if (path === '/reset-password') return <ResetPasswordPage />;
  if (error) return <ErrorNotice error={error} retry={() => location.reload()} />;
  if (!session) return <Loading />;
  if (!signedIn) {
    return (
      <SignInPage
        setup={session.setup_required}
        sso={session.sso_enabled === true && !session.setup_required}
        passwords={session.password_sign_in !== false || session.setup_required}
        onSignedIn={(s) => {
          if (s.csrf_token) setCsrfToken(s.csrf_token);
          setSession(s);
        }}
      />
    );
  }
  return (
    <SessionContext.Provider value={signedIn}>
      <WorkspaceProvider onSwitched={refresh}>
        <AppShell path={path}>
          <Routes path={path} />
        </AppShell>
      </WorkspaceProvider>
    </SessionContext.Provider>
  );
}
