import { useState } from 'preact/hooks';
import { PROJECT } from '../api/endpoints.ts';
import { post } from '../api/http.ts';
import { ErrorNotice } from '../ui/status.tsx';
import { type EarlyAccessStage, STAGE_LABELS, STAGES } from './early-access-types.ts';

/** Creates a feature; the server makes its opt-in flag (or adopts the flag whose key is given). */
export function EarlyAccessForm({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [flagKey, setFlagKey] = useState('');
  const [docs, setDocs] = useState('');
  const [stage, setStage] = useState<EarlyAccessStage>('draft');
  const [error, setError] = useState<unknown>();

  const save = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      await post(`${PROJECT}/early_access_feature/`, {
        name,
        description,
        stage,
        documentation_url: docs.trim(),
        ...(flagKey.trim() ? { feature_flag_key: flagKey.trim() } : {}),
      });
      setName('');
      setDescription('');
      setFlagKey('');
      setDocs('');
      onCreated();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <form class="card form-grid" onSubmit={save} noValidate aria-label="New early access feature">
      {error !== undefined && <ErrorNotice error={error} />}
      <div class="field">
        <label for="eaf-name">Name</label>
        <input id="eaf-name" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="eaf-description">Description</label>
        <input
          id="eaf-description"
          value={description}
          onInput={(e) => setDescription(e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for="eaf-flag">Flag key</label>
        <input id="eaf-flag" value={flagKey} onInput={(e) => setFlagKey(e.currentTarget.value)} />
        <span class="hint">An existing flag to link, or a new one; empty: derived from the name.</span>
      </div>
      <div class="field">
        <label for="eaf-docs">Documentation URL</label>
        <input id="eaf-docs" type="url" value={docs} onInput={(e) => setDocs(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="eaf-stage">Stage</label>
        <select
          id="eaf-stage"
          value={stage}
          onChange={(e) => setStage(e.currentTarget.value as EarlyAccessStage)}
        >
          {STAGES.map((s) => (
            <option key={s} value={s}>
              {STAGE_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <button type="submit" class="btn primary">
          Create feature
        </button>
      </div>
    </form>
  );
}
