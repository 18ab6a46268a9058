import { useMemo, useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.ts';
import type { PersonalKey } from '../api/types.ts';
import { useSession } from '../auth/session-context.ts';
import { createKey } from './personal-keys-api.ts';
import { type Access, scopeGroups, scopesFor } from './scope-groups.ts';
import { ScopePicker } from './scope-picker.tsx';

// Local flag evaluation is what most keys are made for, and it needs nothing more.
const DEFAULT_CHOICE: Record<string, Access> = { feature_flag: 'read' };

/** The last moment of a local calendar day, as the server's ISO timestamp. */
const endOfDay = (day: string) => new Date(`${day}T23:59:59`).toISOString();
const tomorrow = () => {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

export function CreateKeyForm({ onCreated }: { onCreated: (key: PersonalKey) => void }) {
  const { scopes: roleScopes } = useSession();
  const groups = useMemo(() => scopeGroups(roleScopes), [roleScopes]);
  const [label, setLabel] = useState('');
  const [everything, setEverything] = useState(false);
  const [choice, setChoice] = useState<Record<string, Access>>(DEFAULT_CHOICE);
  const [expires, setExpires] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const scopes = scopesFor(everything, choice);
    if (scopes.length === 0) return setError('Choose at least one scope.');
    setBusy(true);
    setError(null);
    try {
      onCreated(await createKey({ label, scopes, expires_at: expires ? endOfDay(expires) : null }));
      setLabel('');
      setExpires('');
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="create-key" aria-label="Create a personal API key" onSubmit={submit}>
      <div class="inline-form wrap">
        <div class="field grow">
          <label for="key-label">Label</label>
          <input
            id="key-label"
            required
            maxLength={200}
            placeholder="e.g. CI deploys"
            value={label}
            onInput={(e) => setLabel(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="key-expires">Expires on (optional)</label>
          <input
            id="key-expires"
            type="date"
            min={tomorrow()}
            value={expires}
            onInput={(e) => setExpires(e.currentTarget.value)}
          />
        </div>
      </div>
      <ScopePicker
        groups={groups}
        everything={everything}
        choice={choice}
        onEverything={setEverything}
        onChoice={(object, access) => setChoice({ ...choice, [object]: access })}
      />
      <p class="hint">
        A key can never do more than your role, now or later: if your role changes, your keys follow it.
      </p>
      {error && (
        <div class="notice error" role="alert">
          {error}
        </div>
      )}
      <button type="submit" class="btn primary" disabled={busy}>
        {busy ? 'Creating…' : 'Create key'}
      </button>
    </form>
  );
}
