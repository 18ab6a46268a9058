import type { PersonalKey } from '../api/types.ts';
import { fullTime, timeAgo } from '../ui/format.ts';
import { describeScopes } from './scope-groups.ts';

/** One key: what it may do, until when, and when it was last used. */
export function KeyRow(props: { keyInfo: PersonalKey; owner?: string; onRevoke: () => void }) {
  const { keyInfo, owner, onRevoke } = props;
  const k = keyInfo;
  const expired = k.expires_at !== null && new Date(k.expires_at).getTime() <= Date.now();
  return (
    <li class="row-item" aria-label={k.label}>
      <div class="row-main">
        <div class="strong">
          {k.label} {expired && <span class="badge">Expired</span>}
        </div>
        <div class="mono muted">{k.mask_value}</div>
        {owner && <div class="muted small">Owner: {owner}</div>}
        <ul class="plain scope-tags" aria-label="Scopes">
          {describeScopes(k.scopes).map((s) => (
            <li key={s}>
              <code>{s}</code>
            </li>
          ))}
        </ul>
      </div>
      <dl class="row-meta key-dates">
        <dt>Created</dt>
        <dd title={fullTime(k.created_at)}>{timeAgo(k.created_at)}</dd>
        <dt>Expires</dt>
        <dd title={k.expires_at ? fullTime(k.expires_at) : undefined}>
          {k.expires_at ? timeAgo(k.expires_at) : 'Never'}
        </dd>
        <dt>Last used</dt>
        <dd title={k.last_used_at ? fullTime(k.last_used_at) : undefined}>
          {k.last_used_at ? timeAgo(k.last_used_at) : 'Never'}
        </dd>
      </dl>
      <div class="row-actions">
        <button type="button" class="btn small danger-text" onClick={onRevoke}>
          Revoke
        </button>
      </div>
    </li>
  );
}
