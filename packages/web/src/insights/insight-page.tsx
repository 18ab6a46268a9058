import { useMemo } from 'preact/hooks';
import { InsightAlertsCard } from '../alerts/insight-alerts-card.tsx';
import { PROJECT } from '../api/endpoints.ts';
import { useCan } from '../auth/session-context.ts';
import { useLocation } from '../router/router.ts';
import { DeleteAction } from '../ui/delete-action.tsx';
import { ErrorNotice, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { draftFromQuery } from './draft-from-query.ts';
import { InsightBuilder } from './insight-builder.tsx';
import { type InsightKind, newDraft } from './insight-draft.ts';
import { getInsight } from './insights-api.ts';

/** `/insights/new?kind=funnels` starts a blank builder of that kind. */
export function NewInsightPage() {
  const { search } = useLocation();
  const kind = search.get('kind');
  const initial = useMemo(
    () => newDraft(kind === 'funnels' || kind === 'retention' ? (kind as InsightKind) : 'trends'),
    [kind],
  );
  return <InsightBuilder key={initial.kind} initial={initial} />;
}

/** A saved insight opened in the builder. */
export function InsightPage({ id }: { id: number }) {
  const insight = useResource(() => getInsight(id), [id]);
  const canEdit = useCan('insight:write');
  if (insight.error) return <ErrorNotice error={insight.error} retry={insight.reload} />;
  if (!insight.data) return <Loading />;
  const initial = draftFromQuery(insight.data.query);
  const name = insight.data.name || `Insight ${insight.data.short_id}`;
  return (
    <>
      <InsightBuilder
        key={id}
        initial={initial}
        saved={insight.data}
        actions={
          canEdit && (
            <DeleteAction noun="insight" name={name} path={`${PROJECT}/insights/${id}/`} after="/insights">
              <p>It leaves every dashboard it is on.</p>
            </DeleteAction>
          )
        }
      />
      {initial.kind === 'trends' && <InsightAlertsCard insightId={id} />}
    </>
  );
}
