import { ROLE_HINTS, ROLE_LABELS } from '../auth/permissions.ts';
import { useSession } from '../auth/session-context.ts';
import { PageHeader } from '../ui/page-header.tsx';
import { ChangePasswordForm } from './change-password-form.tsx';
import { PersonalKeys } from './personal-keys.tsx';

/** What belongs to the signed-in member: their password and their personal API keys. */
export function AccountPage() {
  const { email, role, project } = useSession();
  return (
    <>
      <PageHeader
        title="My account"
        subtitle={
          <>
            {email}
            {role && (
              <>
                {' · '}
                <span data-testid="my-role">{ROLE_LABELS[role]}</span> in {project.name} ({ROLE_HINTS[role]})
              </>
            )}
          </>
        }
      />
      <ChangePasswordForm />
      <PersonalKeys />
    </>
  );
}
