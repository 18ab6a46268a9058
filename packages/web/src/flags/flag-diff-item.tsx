import { differenceRows } from '../environments/difference-text.ts';
import type { FlagDiff } from '../environments/environments-api.ts';

/** One flag's differences, field by field, with the box that picks it for promotion. */
export function FlagDiffItem({
  flag,
  fromName,
  toName,
  checked,
  onCheck,
}: {
  flag: FlagDiff;
  fromName: string;
  toName: string;
  checked: boolean;
  onCheck: (checked: boolean) => void;
}) {
  return (
    <div class="diff-flag" data-testid={`diff-${flag.key}`}>
      <label class="check">
        <input type="checkbox" checked={checked} onChange={(e) => onCheck(e.currentTarget.checked)} />
        <span class="mono">{flag.key}</span>
        {flag.name ? <span class="muted small">{flag.name}</span> : null}
      </label>
      <table class="table compact">
        <thead>
          <tr>
            <th>Field</th>
            <th>{fromName}</th>
            <th>{toName}</th>
          </tr>
        </thead>
        <tbody>
          {differenceRows(flag.differences).map((row) => (
            <tr key={row.field} data-field={row.field}>
              <td>{row.label}</td>
              {[row.from, row.to].map((lines, side) => (
                <td key={side}>
                  <ul class="diff-lines">
                    {lines.map((line, i) => (
                      <li key={i}>{line}</li>
                    ))}
                  </ul>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
