import { useState } from 'preact/hooks';
import { useSession } from '../auth/session-context.ts';
import { useWorkspace } from '../environments/workspace-context.ts';
import { Link } from '../router/link.tsx';
import { CopyField } from '../ui/copy-field.tsx';
import { PageHeader } from '../ui/page-header.tsx';
import { DataSettingsCard } from './data-settings-card.tsx';
import { EnvironmentsSettings } from './environments-settings.tsx';
import { ProjectForm } from './project-form.tsx';
import { ProjectsSettings } from './projects-settings.tsx';
import { SecretKeys } from './secret-keys.tsx';
import { WebhooksSettings } from './webhooks-settings.tsx';

export function SettingsPage() {
  const { project, can } = useSession();
  const { current, refresh } = useWorkspace();
  const canEdit = can('project:write');
  // The header reads the name from the workspace; a rename shows here at once and there after the refresh.
  const [projectName, setProjectName] = useState(project.name);

  return (
    <>
      <PageHeader title="Project settings" subtitle={projectName} />
      <section class="card" aria-labelledby="project-title">
        <h2 id="project-title">Project</h2>
        {!canEdit && <p class="muted">Only admins change the project's name and timezone.</p>}
        {/* A disabled fieldset disables every control inside, Save included. */}
        <fieldset class="plain-fieldset" disabled={!canEdit}>
          <ProjectForm
            onSaved={(p) => {
              setProjectName(p.name);
              void refresh();
            }}
          />
        </fieldset>
      </section>
      <section class="card">
        <h2>Project API key of {current.environment.name}</h2>
        <p class="muted">
          Public: it goes into your app's code and lets SDKs send events and evaluate flags, nothing else.
          Each environment has its own; this is the current one's.
        </p>
        <CopyField label="Project API key" value={project.api_token} />
        <CopyField label="Host" value={location.origin} />
      </section>
      <DataSettingsCard canEdit={canEdit} />
      <EnvironmentsSettings canEdit={canEdit} />
      <SecretKeys environment={current.environment} canEdit={canEdit} />
      <WebhooksSettings canEdit={canEdit} />
      <ProjectsSettings canCreate={canEdit} />
      <section class="card">
        <h2>Personal API keys</h2>
        <p class="muted">
          Each member manages their own keys, with scopes and an expiry, under{' '}
          <Link href="/account">My account</Link>.
        </p>
      </section>
    </>
  );
}
