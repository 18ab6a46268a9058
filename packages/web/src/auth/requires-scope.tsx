import type { ComponentChildren } from 'preact';
import { Link } from '../router/link.tsx';
import { PageHeader } from '../ui/page-header.tsx';
import { ROLE_LABELS } from './permissions.ts';
import { useSession } from './session-context.ts';

interface RequiresScopeProps {
  scope: string;
  /** What the page would let them do, e.g. "create cohorts". */
  action: string;
  /** Where to go instead: the list the page belongs to. */
  back: string;
  children: ComponentChildren;
}

/**
 * A page that only writes (a "new …" form), reached by a typed or bookmarked address: rather than a form whose
 * save would be refused, say what the role cannot do.
 */
export function RequiresScope({ scope, action, back, children }: RequiresScopeProps) {
  const { can, role } = useSession();
  if (can(scope)) return <>{children}</>;
  return (
    <>
      <PageHeader
        title="Not available to your role"
        subtitle={`Your role${role ? ` (${ROLE_LABELS[role]})` : ''} cannot ${action}. An admin can change your role under Members.`}
      />
      <Link href={back} class="btn">
        Back
      </Link>
    </>
  );
}
