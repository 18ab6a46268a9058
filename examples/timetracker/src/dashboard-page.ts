import { bootstrapScript, type FrontendFlags } from '@signpost/node';
import type { DashboardConfig } from './feature-flags.ts';
import { FeatureFlags } from './feature-flags.ts';
import { escapeHtml } from './html.ts';
import type { Project } from './time-store.ts';

export interface DashboardView {
  username: string;
  /** `new-dashboard`: the v2 layout or the classic one. */
  newDashboard: boolean;
  config: DashboardConfig;
  /** `{ flagKey: variant }` from getActiveExperiments. */
  experiments: Record<string, string>;
  frontend: FrontendFlags;
  projects: readonly Project[];
  nonce: string;
}

/**
 * The dashboard. Flags are evaluated on the server and inlined before any other script, so the page (and
 * posthog-js, given `bootstrap: window.featureFlags`) knows `new-timer-ui` at first paint, without a flicker.
 */
export function dashboardPage(view: DashboardView): string {
  const timerVariant = view.experiments[FeatureFlags.TIMER_UI_EXPERIMENT] ?? 'control';
  const widgets = view.config.enabled_widgets.map(
    (w) => `<li data-widget="${escapeHtml(w)}">${escapeHtml(w)}</li>`,
  );
  const projects = view.projects.map(
    (p) => `<option value="${escapeHtml(p.id)}">${escapeHtml(p.name)}</option>`,
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>TimeTracker</title>
${bootstrapScript(view.frontend, { nonce: view.nonce })}
</head>
<body class="theme-${escapeHtml(view.config.theme)}" data-layout="${view.newDashboard ? 'v2' : 'v1'}" data-timer-variant="${escapeHtml(timerVariant)}">
<h1>${view.newDashboard ? 'Dashboard (new)' : 'Dashboard'} — ${escapeHtml(view.username)}</h1>
<ul id="widgets">${widgets.join('')}</ul>
<section id="timer" data-ui="classic">
  <select id="project">${projects.join('')}</select>
  <button id="start">${timerVariant === 'variant-b' ? 'Start tracking ▶' : 'Start'}</button>
  <button id="stop">Stop</button>
</section>
<a href="/api/export/csv">Export CSV</a>
<script nonce="${escapeHtml(view.nonce)}">
  if (window.featureFlags.featureFlags['new-timer-ui']) {
    document.getElementById('timer').dataset.ui = 'new';
  }
  const post = (path, body) => fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  document.getElementById('start').onclick = () => post('/api/timer/start', { projectId: document.getElementById('project').value });
  document.getElementById('stop').onclick = () => post('/api/timer/stop', {});
</script>
</body>
</html>
`;
}
