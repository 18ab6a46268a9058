import { AppError } from '../errors/app-error.ts';
import type { InsightService } from '../insights/insight-service.ts';
import { resolveDateRange } from '../query/date-range.ts';
import { LocalWrites } from '../util/local-writes.ts';
import type { Dashboard, DashboardFilters, DashboardTile, TileLayout } from './dashboard.ts';
import type { CreateDashboardInput, TileInput, UpdateDashboardInput } from './dashboard-schemas.ts';
import type { DashboardStore } from './dashboard-store.ts';
import { findTemplate } from './dashboard-templates.ts';

const invalid = (detail: string, attr: string) => new AppError('INVALID_BODY', detail, attr);

export interface DashboardServiceDeps {
  store: DashboardStore;
  insights: InsightService;
  now?: () => Date;
}

/** Dashboards and their tiles, in memory and written through; tiles point at saved insights by id. */
export class DashboardService {
  private readonly dashboards = new Map<number, Dashboard>();
  private nextId = 1;
  private nextTileId = 1;
  private readonly now: () => Date;
  private readonly writes = new LocalWrites();

  constructor(private readonly deps: DashboardServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async start(): Promise<void> {
    await this.reload();
  }

  /** Re-reads every dashboard (another node changed some); never undoes a write of this node. */
  async reload(): Promise<void> {
    const dashboards = await this.writes.readStable(() => this.deps.store.listDashboards());
    if (!dashboards) return;
    this.dashboards.clear();
    for (const d of dashboards) {
      this.dashboards.set(d.id, d);
      this.nextId = Math.max(this.nextId, d.id + 1);
      for (const t of d.tiles) this.nextTileId = Math.max(this.nextTileId, t.id + 1);
    }
  }

  list(projectId: number, search?: string): Dashboard[] {
    const s = search?.toLowerCase();
    return [...this.dashboards.values()]
      .filter((d) => d.projectId === projectId && !d.deleted)
      .filter((d) => !s || d.name.toLowerCase().includes(s) || d.description.toLowerCase().includes(s))
      .sort((a, b) => Number(b.pinned) - Number(a.pinned) || a.name.localeCompare(b.name) || a.id - b.id);
  }

  get(projectId: number, id: number): Dashboard {
    const d = this.dashboards.get(id);
    if (!d || d.projectId !== projectId || d.deleted)
      throw new AppError('DASHBOARD_NOT_FOUND', `No dashboard with id ${id}.`);
    return d;
  }

  /** Tiles visible on a dashboard: not removed, and not showing an insight that was deleted since. */
  liveTiles(d: Dashboard): DashboardTile[] {
    return d.tiles.filter(
      (t) => !t.deleted && (t.insightId === null || this.deps.insights.find(d.projectId, t.insightId)),
    );
  }

  async create(projectId: number, input: CreateDashboardInput, actor: string): Promise<Dashboard> {
    const template = input.use_template ? findTemplate(input.use_template) : undefined;
    if (input.use_template && !template)
      throw invalid(`No dashboard template "${input.use_template}".`, 'use_template');
    const filters = this.checkedFilters(input.filters ?? template?.dashboard_filters ?? {});
    const now = this.now();
    const id = (await this.deps.store.allocateId?.()) ?? this.nextId++;
    const dashboard: Dashboard = {
      id,
      projectId,
      name: input.name ?? template?.template_name ?? 'New dashboard',
      description: input.description ?? template?.dashboard_description ?? '',
      pinned: input.pinned ?? false,
      filters,
      tags: input.tags ?? template?.tags ?? [],
      tiles: [],
      creationMode: template ? 'template' : 'default',
      deleted: false,
      version: 1,
      createdAt: now,
      createdBy: actor,
      lastModifiedAt: now,
    };
    for (const t of template?.tiles ?? []) {
      const insight = await this.deps.insights.create(
        projectId,
        { name: t.name, description: t.description, query: t.query },
        actor,
      );
      dashboard.tiles.push(this.newTile(dashboard, insight.id, null, t.layouts, t.color));
    }
    for (const [i, t] of (input.tiles ?? []).entries()) this.applyTile(dashboard, t, `tiles.${i}`);
    await this.save(dashboard);
    return dashboard;
  }

  async update(projectId: number, id: number, input: UpdateDashboardInput): Promise<Dashboard> {
    const before = this.get(projectId, id);
    const after: Dashboard = {
      ...before,
      name: input.name ?? before.name,
      description: input.description ?? before.description,
      pinned: input.pinned ?? before.pinned,
      filters: input.filters ? this.checkedFilters(input.filters) : before.filters,
      tags: input.tags ?? before.tags,
      deleted: input.deleted ?? before.deleted,
      tiles: before.tiles.map((t) => ({ ...t })),
      version: before.version + 1,
      lastModifiedAt: this.now(),
    };
    for (const [i, t] of (input.tiles ?? []).entries()) this.applyTile(after, t, `tiles.${i}`);
    await this.save(after);
    return after;
  }

  /** PostHog's insight `dashboards` field: adds tiles for new dashboards, removes them from the others. */
  async setInsightDashboards(projectId: number, insightId: number, dashboardIds: number[]): Promise<void> {
    const wanted = new Set(dashboardIds);
    for (const id of wanted) this.get(projectId, id);
    for (const d of this.list(projectId)) {
      const has = d.tiles.some((t) => !t.deleted && t.insightId === insightId);
      if (has === wanted.has(d.id)) continue;
      const next = { ...d, tiles: d.tiles.map((t) => ({ ...t })), version: d.version + 1 };
      if (has) {
        for (const t of next.tiles) if (t.insightId === insightId) t.deleted = true;
      } else {
        next.tiles.push(this.newTile(next, insightId, null, undefined, null));
      }
      await this.save(next);
    }
  }

  /** The live tiles showing an insight, for the insight's `dashboards` and `dashboard_tiles` fields. */
  tilesOf(projectId: number, insightId: number): { id: number; dashboard_id: number; deleted: boolean }[] {
    return this.list(projectId).flatMap((d) =>
      d.tiles
        .filter((t) => !t.deleted && t.insightId === insightId)
        .map((t) => ({ id: t.id, dashboard_id: d.id, deleted: false })),
    );
  }

  private applyTile(d: Dashboard, input: TileInput, attr: string): void {
    if (input.id !== undefined) {
      const tile = d.tiles.find((t) => t.id === input.id);
      if (!tile) throw invalid(`Tile ${input.id} is not on this dashboard.`, `${attr}.id`);
      if (input.layouts) tile.layouts = { ...tile.layouts, ...input.layouts };
      if (input.color !== undefined) tile.color = input.color;
      if (input.deleted !== undefined) tile.deleted = input.deleted;
      if (input.text && tile.text) tile.text = { body: input.text.body };
      return;
    }
    const insightId = typeof input.insight === 'object' ? input.insight?.id : input.insight;
    if (insightId === undefined && !input.text) throw invalid('A new tile needs an insight or a text.', attr);
    if (insightId !== undefined && !this.deps.insights.find(d.projectId, insightId))
      throw invalid(`No insight with id ${insightId}.`, `${attr}.insight`);
    const text = insightId === undefined && input.text ? { body: input.text.body } : null;
    d.tiles.push(this.newTile(d, insightId ?? null, text, input.layouts, input.color ?? null));
  }

  private newTile(
    d: Dashboard,
    insightId: number | null,
    text: { body: string } | null,
    layouts: Partial<Record<string, TileLayout>> | undefined,
    color: string | null,
  ): DashboardTile {
    const bottom = Math.max(
      0,
      ...d.tiles.filter((t) => !t.deleted).map((t) => (t.layouts.sm?.y ?? 0) + (t.layouts.sm?.h ?? 0)),
    );
    const fallback: Record<string, TileLayout> = {
      sm: { x: 0, y: bottom, w: 6, h: 5, minW: 3, minH: 3 },
      xs: { x: 0, y: bottom, w: 1, h: 5, minW: 1, minH: 3 },
    };
    const merged: Record<string, TileLayout> = { ...fallback };
    for (const [k, v] of Object.entries(layouts ?? {})) if (v) merged[k] = v;
    return { id: this.nextTileId++, insightId, text, layouts: merged, color, deleted: false };
  }

  /** Refuses date filters the query engine would refuse later on every tile. */
  private checkedFilters(filters: DashboardFilters): DashboardFilters {
    const out: DashboardFilters = { date_from: filters.date_from ?? null, date_to: filters.date_to ?? null };
    if (!out.date_from && out.date_to)
      throw invalid('filters.date_to needs a date_from.', 'filters.date_from');
    if (!out.date_from) return out;
    try {
      resolveDateRange(out, 'day', { now: this.now(), timeZone: 'UTC', earliest: null });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      throw invalid(error.detail, `filters.${error.attr?.split('.').at(-1) ?? 'date_from'}`);
    }
    return out;
  }

  private async save(d: Dashboard): Promise<void> {
    await this.writes.track(this.deps.store.saveDashboard(d));
    this.dashboards.set(d.id, d);
  }
}
