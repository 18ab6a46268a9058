import { useState } from 'preact/hooks';
import { listInsights } from '../insights/insights-api.ts';
import { navigate } from '../router/router.ts';
import { useResource } from '../ui/use-resource.ts';

interface AddTileProps {
  onDashboard: Set<number>;
  busy: boolean;
  onAdd: (insightId: number) => void;
}

/** Puts a saved insight on the dashboard, or goes to the builder to make a new one. */
export function AddTileForm({ onDashboard, busy, onAdd }: AddTileProps) {
  const insights = useResource(() => listInsights(), []);
  const [choice, setChoice] = useState('');
  const available = (insights.data?.results ?? []).filter((i) => !onDashboard.has(i.id));
  return (
    <form
      class="row gap add-tile"
      aria-label="Add a tile"
      onSubmit={(e) => {
        e.preventDefault();
        if (choice) onAdd(Number(choice));
        setChoice('');
      }}
    >
      <div class="field">
        <label for="add-tile-insight">Add insight</label>
        <select id="add-tile-insight" value={choice} onChange={(e) => setChoice(e.currentTarget.value)}>
          <option value="">{available.length ? 'Choose a saved insight…' : 'No other saved insights'}</option>
          {available.map((i) => (
            <option key={i.id} value={String(i.id)}>
              {i.name || `Untitled ${i.short_id}`}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="btn" disabled={busy || !choice}>
        Add tile
      </button>
      <button type="button" class="btn ghost" onClick={() => navigate('/insights/new')}>
        New insight…
      </button>
    </form>
  );
}
