import { Hono } from 'hono';
import type { ChangeContext } from '../activity-log/activity-entry.ts';
import type { NewEntry } from '../activity-log/activity-log-service.ts';
import type { ChangeContextOf } from '../activity-log/change-context.ts';
import { type ApiEnv, projectOf } from '../api/api-auth.ts';
import { parseJsonBody } from '../api/json-body.ts';
import type { Project } from '../projects/project.ts';
import type { EventRetentionStore } from '../retention/event-retention-store.ts';
import { dataSettingsChanges, dataSettingsJson } from './data-settings-json.ts';
import { updateDataSettingsSchema } from './data-settings-schemas.ts';
import type { DataSettingsChange, DataSettingsService } from './data-settings-service.ts';

export interface DataSettingsRoutesDeps {
  settings: DataSettingsService;
  /** Absent on a backend that cannot count its events (then the usage answers zeros). */
  volume: EventRetentionStore['volume'] | undefined;
  environmentIdsOf: (projectId: number) => number[];
  record: (entry: NewEntry, by: ChangeContext) => Promise<unknown>;
  changeOf: ChangeContextOf;
  now?: () => Date;
}

const USAGE_DAYS = 30;
const DAY_MS = 86_400_000;

/** Writes one "Project updated" entry naming each setting changed; nothing when nothing changed. */
export async function auditDataSettings(
  deps: Pick<DataSettingsRoutesDeps, 'record'>,
  project: Project,
  change: DataSettingsChange,
  by: ChangeContext,
): Promise<void> {
  if (change.changes.length === 0) return;
  const changes = change.changes.map((c) => ({ type: 'Project' as const, action: 'changed' as const, ...c }));
  await deps.record(
    {
      projectId: project.id,
      scope: 'Project',
      itemId: String(project.id),
      activity: 'updated',
      name: project.name,
      changes,
    },
    by,
  );
}

/** `…/data_settings/` (read by anyone who reads the project, changed by admins) and `…/data_usage/`. */
export function dataSettingsRoutes(deps: DataSettingsRoutesDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });
  const now = deps.now ?? (() => new Date());

  app.get('/api/projects/:projectId/data_settings', (c) =>
    c.json(dataSettingsJson(deps.settings.of(projectOf(c).id))),
  );

  app.patch('/api/projects/:projectId/data_settings', async (c) => {
    const body = await parseJsonBody(c, updateDataSettingsSchema);
    const project = projectOf(c);
    const change = await deps.settings.update(project.id, dataSettingsChanges(body));
    await auditDataSettings(deps, project, change, deps.changeOf(c));
    return c.json(dataSettingsJson(change.after));
  });

  // Every environment of the project together: the settings and the disk they describe are the project's.
  app.get('/api/projects/:projectId/data_usage', async (c) => {
    const project = projectOf(c);
    const today = Math.floor(now().getTime() / DAY_MS) * DAY_MS;
    const since = new Date(today - (USAGE_DAYS - 1) * DAY_MS);
    const stored = await deps.volume?.(deps.environmentIdsOf(project.id), since);
    const byDay = new Map((stored?.days ?? []).map((d) => [d.day, d]));
    // Every one of the 30 days, zeros included, so a chart of growth has no gaps to interpolate.
    const days = Array.from({ length: USAGE_DAYS }, (_, i) => {
      const day = new Date(since.getTime() + i * DAY_MS).toISOString().slice(0, 10);
      const d = byDay.get(day);
      return { day, events: d?.events ?? 0, approximate_bytes: d?.bytes ?? 0 };
    });
    return c.json({
      total: { events: stored?.total.events ?? 0, approximate_bytes: stored?.total.bytes ?? 0 },
      days,
      event_retention_days: deps.settings.of(project.id).eventRetentionDays,
    });
  });
  return app;
}
