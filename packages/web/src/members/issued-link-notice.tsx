import { CopyField } from '../ui/copy-field.tsx';
import { fullTime } from '../ui/format.ts';
import type { IssuedLink } from './members-api.ts';

export interface ShownLink extends IssuedLink {
  /** e.g. "Invitation link for ada@example.com". */
  title: string;
}

/** A link shown once to the admin, who sends it by whatever channel they trust. */
export function IssuedLinkNotice({ link, onDismiss }: { link: ShownLink; onDismiss: () => void }) {
  return (
    <div class="notice success issued-link" role="status">
      <div class="grow">
        <p>
          <strong>{link.title}.</strong> Copy it now and send it to them: Signpost keeps only a hash, so this
          is the only time it is shown. It works once, until {fullTime(link.expires_at)}.
        </p>
        <CopyField label={link.title} value={link.url} />
      </div>
      <button type="button" class="btn small ghost" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
