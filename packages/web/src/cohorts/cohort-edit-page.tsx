import { PROJECT } from '../api/endpoints.ts';
import { get } from '../api/http.ts';
import type { Cohort } from '../api/types.ts';
import { Link } from '../router/link.tsx';
import { ErrorNotice, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { groupsFromCohort } from './cohort-draft.ts';
import { CohortEditor } from './cohort-new-page.tsx';

export function CohortEditPage({ id }: { id: number }) {
  const cohort = useResource(() => get<Cohort>(`${PROJECT}/cohorts/${id}/`), [id]);
  if (cohort.error) return <ErrorNotice error={cohort.error} retry={cohort.reload} />;
  if (!cohort.data) return <Loading />;
  const c = cohort.data;
  const groups = c.is_static ? undefined : groupsFromCohort(c);
  if (!c.is_static && !groups)
    return (
      <section class="card">
        <h1>Edit cohort</h1>
        <p>
          This cohort's definition nests deeper than the editor shows (groups inside groups, or filters of
          other kinds); change it through <code>PATCH /api/projects/@current/cohorts/{id}/</code>.
        </p>
        <Link href={`/cohorts/${id}`}>Back to {c.name}</Link>
      </section>
    );
  return <CohortEditor existing={c} {...(groups ? { groups } : {})} />;
}
