import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import type { Insight } from '../api/query-types.ts';
import { useCan } from '../auth/session-context.ts';
import { useGroupTypes } from '../groups/use-group-types.ts';
import { PageHeader } from '../ui/page-header.tsx';
import { onTabListKey } from '../ui/tab-keys.ts';
import { type InsightDraft, type InsightKind, switchKind, toQuery } from './insight-draft.ts';
import { InsightQueryForm } from './insight-query-form.tsx';
import { InsightResultPanel } from './insight-result-panel.tsx';
import { createInsight, updateInsight, wrap } from './insights-api.ts';
import { SaveInsightForm } from './save-insight-form.tsx';
import { useQueryResult } from './use-query-result.ts';

const KINDS: { id: InsightKind; label: string }[] = [
  { id: 'trends', label: 'Trends' },
  { id: 'funnels', label: 'Funnels' },
  { id: 'retention', label: 'Retention' },
  { id: 'lifecycle', label: 'Lifecycle' },
  { id: 'stickiness', label: 'Stickiness' },
  { id: 'paths', label: 'Paths' },
];

interface BuilderProps {
  initial: InsightDraft;
  saved?: Insight;
  /** Buttons for the saved insight beside the title (delete). */
  actions?: ComponentChildren;
}

/** The insight builder: form on the left, live result on the right, save bar on top. */
export function InsightBuilder({ initial, saved, actions }: BuilderProps) {
  const [draft, setDraft] = useState(initial);
  const [current, setCurrent] = useState(saved);
  const [name, setName] = useState(saved?.name ?? '');
  const [dashboards, setDashboards] = useState(saved?.dashboards ?? []);
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState('');
  const groupTypes = useGroupTypes().data ?? [];
  const query = useMemo(() => toQuery(draft), [draft]);
  const result = useQueryResult(query);
  const change = (patch: Partial<InsightDraft>) => {
    setNotice('');
    setDraft((d) => ({ ...d, ...patch }));
  };
  const changeKind = (kind: InsightKind) => {
    if (kind !== draft.kind) setDraft(switchKind(draft, kind));
  };

  const save = async (dashboardId: number | null) => {
    setSaving(true);
    try {
      const wanted = dashboardId === null ? dashboards : [...new Set([...dashboards, dashboardId])];
      const input = { name: name.trim(), query: wrap(query), dashboards: wanted };
      const insight = current ? await updateInsight(current.id, input) : await createInsight(input);
      setDashboards(insight.dashboards);
      setNotice(dashboardId === null ? 'Insight saved.' : 'Insight saved and added to the dashboard.');
      // The address becomes the saved insight's without a navigation, which would remount the builder and
      // lose the form's state and this notice.
      if (!current) history.replaceState(null, '', `/insights/${insight.id}`);
      setCurrent(insight);
    } finally {
      setSaving(false);
    }
  };

  // Members who cannot save still explore: queries need only query:read.
  const canSave = useCan('insight:write');
  const title = name.trim() || (current ? `Insight ${current.short_id}` : 'New insight');
  return (
    <>
      <PageHeader
        title={title}
        subtitle="Count events over time, follow users through steps, see who comes back, stays or drifts away, and where they go."
        actions={actions}
      />
      <div class="tabs" role="tablist" aria-label="Insight type" onKeyDown={onTabListKey}>
        {KINDS.map((k) => (
          <button
            key={k.id}
            type="button"
            role="tab"
            aria-selected={draft.kind === k.id}
            class={draft.kind === k.id ? 'tab active' : 'tab'}
            onClick={() => changeKind(k.id)}
          >
            {k.label}
          </button>
        ))}
      </div>
      {canSave && (
        <SaveInsightForm
          name={name}
          onName={setName}
          onDashboards={dashboards}
          saving={saving}
          onSave={save}
        />
      )}
      {notice && (
        <div class="notice success" role="status">
          {notice}
        </div>
      )}
      <div class="builder">
        <InsightQueryForm draft={draft} groupTypes={groupTypes} onChange={change} />
        <InsightResultPanel
          draft={draft}
          title={title}
          query={result}
          onChange={change}
          insightId={current?.id}
        />
      </div>
    </>
  );
}
