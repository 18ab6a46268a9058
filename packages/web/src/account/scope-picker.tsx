import type { Access, ScopeGroup } from './scope-groups.ts';

interface ScopePickerProps {
  groups: ScopeGroup[];
  everything: boolean;
  choice: Readonly<Record<string, Access>>;
  onEverything: (everything: boolean) => void;
  onChoice: (object: string, access: Access) => void;
}

/**
 * Read/write checkboxes per object, only for what the member's role allows. Write includes read (as on the
 * server), so ticking write ticks read, and unticking read unticks write.
 */
export function ScopePicker({ groups, everything, choice, onEverything, onChoice }: ScopePickerProps) {
  return (
    <fieldset class="plain-fieldset scope-picker">
      <legend>Scopes</legend>
      <label class="check">
        <input type="checkbox" checked={everything} onChange={(e) => onEverything(e.currentTarget.checked)} />
        Everything my role allows <code>*</code>
      </label>
      <div class="scope-grid" aria-disabled={everything}>
        {groups.map((g) => {
          const access = choice[g.object] ?? 'none';
          return (
            <fieldset key={g.object} class="scope-group" disabled={everything}>
              <legend>{g.label}</legend>
              <label class="check">
                <input
                  type="checkbox"
                  aria-label={`${g.label}: read`}
                  checked={everything || access !== 'none'}
                  onChange={(e) => onChoice(g.object, e.currentTarget.checked ? 'read' : 'none')}
                />
                Read
              </label>
              {g.canWrite && (
                <label class="check">
                  <input
                    type="checkbox"
                    aria-label={`${g.label}: write`}
                    checked={everything || access === 'write'}
                    onChange={(e) => onChoice(g.object, e.currentTarget.checked ? 'write' : 'read')}
                  />
                  Write
                </label>
              )}
            </fieldset>
          );
        })}
      </div>
    </fieldset>
  );
}
