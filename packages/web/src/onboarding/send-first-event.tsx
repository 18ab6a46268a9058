import { useState } from 'preact/hooks';
import { useSession } from '../auth/session-context.ts';
import { CodeBlock } from '../ui/copy-field.tsx';
import { onTabListKey } from '../ui/tab-keys.ts';
import { browserSnippet, curlSnippet, nodeSnippet } from './snippets.ts';

const TABS = [
  { id: 'node', label: 'posthog-node', snippet: nodeSnippet },
  { id: 'js', label: 'posthog-js', snippet: browserSnippet },
  { id: 'curl', label: 'curl', snippet: curlSnippet },
] as const;

/** The empty state of every data screen: how to get the first event in, with this project's key. */
export function SendFirstEvent({ title }: { title: string }) {
  const { project } = useSession();
  const [tab, setTab] = useState<(typeof TABS)[number]['id']>('node');
  const current = TABS.find((t) => t.id === tab) ?? TABS[0];
  const host = window.location.origin;
  return (
    <section class="empty teach" aria-label={title}>
      <h2>{title}</h2>
      <p class="muted">
        Signpost speaks PostHog's protocol: point any PostHog SDK at <code>{host}</code> with your project key
        and events appear here within a second.
      </p>
      <div class="tabs" role="tablist" aria-label="SDK" onKeyDown={onTabListKey}>
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={t.id === tab}
            class={t.id === tab ? 'tab active' : 'tab'}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <CodeBlock label={current.label} code={current.snippet(project.api_token, host)} />
    </section>
  );
}
