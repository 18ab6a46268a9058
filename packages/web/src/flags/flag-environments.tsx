import { flagAcrossEnvironments, setFlagActive } from '../environments/environments-api.ts';
import { sortEnvironments } from '../environments/production.ts';
import { useWorkspace } from '../environments/workspace-context.ts';
import { Link } from '../router/link.tsx';
import { ErrorNotice, Loading } from '../ui/status.tsx';
import { useResource } from '../ui/use-resource.ts';
import { EnvironmentColumn } from './environment-column.tsx';

/** Every environment's settings of a flag side by side; `onChange` lets the page re-read the current one. */
export function FlagEnvironments({
  flagId,
  flagKey,
  version,
  canEdit,
  onChange,
}: {
  flagId: number;
  flagKey: string;
  /** The flag's version in the current environment: a change made elsewhere on the page re-reads the columns. */
  version: number;
  canEdit: boolean;
  onChange: () => void;
}) {
  const { current } = useWorkspace();
  const across = useResource(() => flagAcrossEnvironments(flagId), [flagId, version]);
  const order = sortEnvironments(across.data?.map((s) => s.environment) ?? []).map((e) => e.id);
  const columns = [...(across.data ?? [])].sort(
    (a, b) => order.indexOf(a.environment.id) - order.indexOf(b.environment.id),
  );
  return (
    <section class="card" aria-labelledby="flag-environments-title">
      <h2 id="flag-environments-title">Environments</h2>
      {across.error ? <ErrorNotice error={across.error} retry={across.reload} /> : null}
      {!across.data && across.loading && <Loading />}
      <div class="env-columns">
        {columns.map((settings) => (
          <EnvironmentColumn
            key={settings.environment.id}
            flagKey={flagKey}
            settings={settings}
            current={settings.environment.id === current.id}
            disabled={!canEdit}
            onToggle={async (active) => {
              await setFlagActive(settings.environment.id, flagId, active);
              across.reload();
              if (settings.environment.id === current.id) onChange();
            }}
          />
        ))}
      </div>
      {columns.length > 1 && (
        <p class="small">
          <Link href="/feature_flags/promote">Compare and promote settings between environments</Link>
        </p>
      )}
    </section>
  );
}
