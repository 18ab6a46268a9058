import type { CohortService } from '../cohorts/cohort-service.ts';
import type { DashboardService } from '../dashboards/dashboard-service.ts';
import { AppError } from '../errors/app-error.ts';
import type { ExperimentService } from '../experiments/experiment-service.ts';
import type { InsightService } from '../insights/insight-service.ts';
import type { ProjectService } from '../projects/project-service.ts';
import type { ActivityScope } from './activity-entry.ts';

/** How the audit middleware reads one kind of item before and after a write, as plain JSON. */
export interface AuditedResource {
  scope: ActivityScope;
  /** The item as it is now, or undefined when it does not exist (or is deleted). */
  load(projectId: number, itemId: string): Record<string, unknown> | undefined;
  /** A human name for the entry (kept so a deleted item's history still reads well). */
  name(item: Record<string, unknown>): string | null;
}

export interface AuditedServices {
  cohorts: CohortService;
  insights: InsightService;
  dashboards: DashboardService;
  experiments: ExperimentService;
  projects: ProjectService;
}

/** Bookkeeping every write moves; a change a person made is never only these. */
export const BOOKKEEPING_FIELDS: ReadonlySet<string> = new Set([
  'version',
  'created_at',
  'created_by',
  'updated_at',
  'last_modified_at',
  'last_modified_by',
  'project_id',
]);

const snake = (key: string) => key.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);

/** A domain object as a JSON record under the API's snake_case field names (PostHog's `changes[].field`). */
function snapshot(item: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item))
    out[snake(key)] = JSON.parse(JSON.stringify(value ?? null));
  return out;
}

/** Services answer "not found" with an AppError; for a snapshot that just means "absent". */
function found(read: () => object): Record<string, unknown> | undefined {
  try {
    return snapshot(read());
  } catch (error) {
    if (error instanceof AppError && error.status === 404) return undefined;
    throw error;
  }
}

const numericId = (itemId: string) => (/^\d+$/.test(itemId) ? Number(itemId) : Number.NaN);
const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);

/**
 * The collections under `/api/projects/:id/` whose writes are logged by the audit middleware, by path
 * segment. Feature flags are not here: the flag service logs its own changes in the flag's transaction.
 */
export function auditedCollections(s: AuditedServices): Map<string, AuditedResource> {
  const byId = (
    scope: ActivityScope,
    get: (projectId: number, id: number) => object,
    name: (item: Record<string, unknown>) => string | null,
  ): AuditedResource => ({
    scope,
    load: (projectId, itemId) => found(() => get(projectId, numericId(itemId))),
    name,
  });
  return new Map([
    [
      'cohorts',
      byId(
        'Cohort',
        (p, id) => s.cohorts.get(p, id),
        (i) => text(i.name),
      ),
    ],
    [
      'insights',
      byId(
        'Insight',
        (p, id) => s.insights.get(p, id),
        (i) => text(i.name) ?? text(i.short_id),
      ),
    ],
    [
      'dashboards',
      byId(
        'Dashboard',
        (p, id) => s.dashboards.get(p, id),
        (i) => text(i.name),
      ),
    ],
    [
      'experiments',
      byId(
        'Experiment',
        (p, id) => s.experiments.get(p, id),
        (i) => text(i.name),
      ),
    ],
  ]);
}

/** The project itself (`PATCH /api/projects/@current/`). */
export function auditedProject(projects: ProjectService): AuditedResource {
  return {
    scope: 'Project',
    load: (projectId) => {
      const p = projects.projectById(projectId);
      return p ? snapshot(p) : undefined;
    },
    name: (i) => text(i.name),
  };
}

/** Personal API keys: only what identifies a key; never its hash, and the secret is never in reach. */
export function auditedPersonalKeys(projects: ProjectService): AuditedResource {
  return {
    scope: 'PersonalAPIKey',
    load: (projectId, itemId) => {
      const k = projects.listPersonalKeys(projectId).find((key) => key.id === itemId);
      return k ? { id: k.id, label: k.label, mask_value: k.maskValue } : undefined;
    },
    name: (i) => text(i.label),
  };
}
