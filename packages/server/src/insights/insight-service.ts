import { randomInt } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';
import { LocalWrites } from '../util/local-writes.ts';
import type { Insight } from './insight.ts';
import { insightSource } from './insight-query.ts';
import type { CreateInsightInput, UpdateInsightInput } from './insight-schemas.ts';
import type { InsightStore } from './insight-store.ts';

const SHORT_ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export interface InsightListOptions {
  search?: string | undefined;
  shortId?: string | undefined;
  favorited?: boolean | undefined;
}

/** Saved insights, held in memory (a handful per project) and written through to the store. */
export class InsightService {
  private readonly insights = new Map<number, Insight>();
  private nextId = 1;
  private readonly writes = new LocalWrites();

  constructor(
    private readonly store: InsightStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async start(): Promise<void> {
    await this.reload();
  }

  /** Re-reads every insight (another node changed some); never undoes a write of this node. */
  async reload(): Promise<void> {
    const insights = await this.writes.readStable(() => this.store.listInsights());
    if (!insights) return;
    this.insights.clear();
    for (const i of insights) {
      this.insights.set(i.id, i);
      this.nextId = Math.max(this.nextId, i.id + 1);
    }
  }

  list(projectId: number, o: InsightListOptions = {}): Insight[] {
    const search = o.search?.toLowerCase();
    return [...this.insights.values()]
      .filter((i) => i.projectId === projectId && !i.deleted)
      .filter((i) => o.shortId === undefined || i.shortId === o.shortId)
      .filter((i) => o.favorited === undefined || i.favorited === o.favorited)
      .filter(
        (i) =>
          !search ||
          (i.name ?? '').toLowerCase().includes(search) ||
          i.description.toLowerCase().includes(search),
      )
      .sort((a, b) => b.lastModifiedAt.getTime() - a.lastModifiedAt.getTime() || b.id - a.id);
  }

  /** A live insight of the project; deleted ones and other projects' ones are not found. */
  get(projectId: number, id: number): Insight {
    const found = this.find(projectId, id);
    if (!found) throw new AppError('INSIGHT_NOT_FOUND', `No insight with id ${id}.`);
    return found;
  }

  find(projectId: number, id: number): Insight | undefined {
    const i = this.insights.get(id);
    return i && i.projectId === projectId && !i.deleted ? i : undefined;
  }

  async create(projectId: number, input: CreateInsightInput, actor: string): Promise<Insight> {
    insightSource(input.query);
    const now = this.now();
    const id = (await this.store.allocateId?.()) ?? this.nextId++;
    const insight: Insight = {
      id,
      shortId: this.newShortId(),
      projectId,
      name: input.name ?? null,
      description: input.description ?? '',
      query: input.query,
      tags: input.tags ?? [],
      favorited: input.favorited ?? false,
      deleted: false,
      version: 1,
      createdAt: now,
      createdBy: actor,
      lastModifiedAt: now,
      lastModifiedBy: actor,
    };
    await this.save(insight);
    return insight;
  }

  async update(projectId: number, id: number, input: UpdateInsightInput, actor: string): Promise<Insight> {
    const before = this.get(projectId, id);
    if (input.query) insightSource(input.query);
    const after: Insight = {
      ...before,
      name: input.name !== undefined ? input.name : before.name,
      description: input.description ?? before.description,
      query: input.query ?? before.query,
      tags: input.tags ?? before.tags,
      favorited: input.favorited ?? before.favorited,
      deleted: input.deleted ?? before.deleted,
      version: before.version + 1,
      lastModifiedAt: this.now(),
      lastModifiedBy: actor,
    };
    await this.save(after);
    return after;
  }

  private async save(insight: Insight): Promise<void> {
    await this.writes.track(this.store.saveInsight(insight));
    this.insights.set(insight.id, insight);
  }

  private newShortId(): string {
    const taken = new Set([...this.insights.values()].map((i) => i.shortId));
    for (;;) {
      let id = '';
      for (let k = 0; k < 8; k++) id += SHORT_ID_ALPHABET[randomInt(SHORT_ID_ALPHABET.length)];
      if (!taken.has(id)) return id;
    }
  }
}
