import { useState } from 'preact/hooks';
import { GuardrailsCard } from '../alerts/guardrails-card.tsx';
import { PROJECT } from '../api/endpoints.ts';
import { get, patch } from '../api/http.ts';
import type { Flag } from '../api/types.ts';
import { useSession } from '../auth/session-context.ts';
import { isChangeRequest } from '../change-requests/change-requests-api.ts';
import { PendingChangeRequest } from '../change-requests/pending-change-request.tsx';
import { useWorkspace } from '../environments/workspace-context.ts';
import { useGroupTypes } from '../groups/use-group-types.ts';
import { Link } from '../router/link.tsx';
import { navigate, useLocation } from '../router/router.ts';
import { CodeBlock } from '../ui/copy-field.tsx';
import { PageHeader } from '../ui/page-header.tsx';
import { ErrorNotice, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { FlagActivity } from './flag-activity.tsx';
import { FlagConditionsView } from './flag-conditions-view.tsx';
import { FlagEnvironments } from './flag-environments.tsx';
import { FlagRemoval } from './flag-removal.tsx';
import { flagSnippets } from './flag-snippets.ts';
import { FlagUsageCard } from './flag-usage-card.tsx';
import { KillSwitch } from './kill-switch.tsx';
import { ScheduleCard } from './schedule-card.tsx';
import { WhoGetsThis } from './who-gets-this.tsx';

export function FlagPage({ id }: { id: number }) {
  const { project, can } = useSession();
  const { current } = useWorkspace();
  const canEdit = can('feature_flag:write');
  const flag = useResource(() => get<Flag>(`${PROJECT}/feature_flags/${id}/`), [id]);
  // A save the project holds for approval lands here with the request's id (the edit page passes it on).
  const [requested, setRequested] = useState<string | null>(null);
  const { search } = useLocation();
  const pendingRequest = requested ?? search.get('change_request');
  const groupTypes = useGroupTypes().data ?? [];
  if (flag.error) return <ErrorNotice error={flag.error} retry={flag.reload} />;
  if (!flag.data) return <Loading />;
  const f = flag.data;
  const groupTypeName = groupTypes.find(
    (t) => t.group_type_index === f.filters.aggregation_group_type_index,
  )?.group_type;
  return (
    <>
      <p class="crumbs">
        <Link href="/feature_flags">Feature flags</Link> /
      </p>
      <PageHeader
        title={
          <span class="mono">
            {f.key}{' '}
            <span class={f.active ? 'badge success' : 'badge'} data-testid="flag-status">
              {f.active ? 'Enabled' : 'Disabled'}
            </span>{' '}
            {f.archived && <span class="badge">Archived</span>}
          </span>
        }
        subtitle={f.name || undefined}
        actions={
          <>
            <KillSwitch
              environment={current.environment}
              flag={f}
              disabled={!canEdit}
              onChange={(active) =>
                patch<unknown>(`${PROJECT}/feature_flags/${id}/`, { active }).then((body) =>
                  isChangeRequest(body) ? setRequested(body.id) : flag.reload(),
                )
              }
            />
            {canEdit && (
              <button type="button" class="btn" onClick={() => navigate(`/feature_flags/${id}/edit`)}>
                Edit
              </button>
            )}
            {canEdit && <FlagRemoval flag={f} onChange={flag.reload} onRequested={setRequested} />}
          </>
        }
      />
      {pendingRequest && <PendingChangeRequest id={pendingRequest} onChange={flag.reload} />}
      <div class="two-col">
        <div>
          <FlagEnvironments
            flagId={id}
            flagKey={f.key}
            version={f.version}
            canEdit={canEdit}
            onChange={flag.reload}
          />
          <FlagConditionsView flag={f} />
          <section class="card">
            <h2>Use it in code</h2>
            {flagSnippets(f, project.api_token, location.origin, groupTypeName).map((s) => (
              <CodeBlock key={s.label} label={s.label} code={s.code} />
            ))}
          </section>
        </div>
        <div>
          <FlagUsageCard flagId={id} version={f.version} />
          <GuardrailsCard flagId={id} canEdit={canEdit} version={f.version} />
          <ScheduleCard
            flagId={id}
            filters={f.filters}
            version={f.version}
            canEdit={canEdit}
            onChange={flag.reload}
          />
          <WhoGetsThis flagKey={f.key} />
          <FlagActivity flagId={id} version={f.version} onChange={flag.reload} onRequested={setRequested} />
        </div>
      </div>
    </>
  );
}
