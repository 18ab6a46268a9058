import type { PathEventType } from '../api/query-types.ts';
import type { InsightDraft } from './insight-draft.ts';
import { eventNames } from './property-suggestions.ts';
import { SuggestInput } from './suggest-input.tsx';

const TYPES: { id: PathEventType; label: string }[] = [
  { id: '$pageview', label: 'Page views (by path)' },
  { id: '$screen', label: 'Screen views (by name)' },
  { id: 'custom_event', label: 'Custom events' },
];

interface PathsSettingsProps {
  draft: InsightDraft;
  onChange: (patch: Partial<InsightDraft>) => void;
}

/** What a path step is, where paths start or end, and how many steps to follow. */
export function PathsSettings({ draft, onChange }: PathsSettingsProps) {
  const toggle = (id: PathEventType, on: boolean) =>
    onChange({
      pathsEventTypes: on
        ? TYPES.map((t) => t.id).filter((t) => t === id || draft.pathsEventTypes.includes(t))
        : draft.pathsEventTypes.filter((t) => t !== id),
    });
  return (
    <>
      <fieldset class="plain-fieldset">
        <legend>Steps are</legend>
        {TYPES.map((t) => (
          <label key={t.id} class="check">
            <input
              type="checkbox"
              checked={draft.pathsEventTypes.includes(t.id)}
              onChange={(e) => toggle(t.id, e.currentTarget.checked)}
            />
            {t.label}
          </label>
        ))}
        {draft.pathsEventTypes.length === 0 && <p class="hint">None ticked: every event counts as a step.</p>}
      </fieldset>
      <SuggestInput
        id="paths-start"
        label="Starts at"
        placeholder="Any step, e.g. /timer or auth.login"
        value={draft.pathsStart}
        load={eventNames}
        onChange={(pathsStart) => onChange({ pathsStart })}
      />
      <SuggestInput
        id="paths-end"
        label="Ends at"
        placeholder="Any step"
        value={draft.pathsEnd}
        load={eventNames}
        onChange={(pathsEnd) => onChange({ pathsEnd })}
      />
      <div class="field">
        <label for="paths-steps">Steps to follow</label>
        <input
          id="paths-steps"
          type="number"
          min={2}
          max={20}
          class="pct"
          value={draft.pathsStepLimit}
          onInput={(e) =>
            onChange({
              pathsStepLimit: Math.min(20, Math.max(2, Math.round(Number(e.currentTarget.value) || 5))),
            })
          }
        />
      </div>
    </>
  );
}
