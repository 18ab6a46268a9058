import { randomUUID } from 'node:crypto';
import type { ActivityLogStore } from '../activity-log/activity-log-store.ts';
import type { FeatureFlag } from '../flags/feature-flag.ts';
import type { Logger } from '../util/logger.ts';
import type { Notifier } from '../webhooks/notifier.ts';
import type { FlagLifecycleService } from './flag-lifecycle-service.ts';

const WEEK_MS = 7 * 24 * 3600 * 1000;
/** The activity-log item a sent digest is recorded under: the record is what says when the next one is due. */
const DIGEST_ITEM = 'stale-flags-digest';

export interface StaleDigestDeps {
  lifecycle: FlagLifecycleService;
  flags: (environmentId: number) => FeatureFlag[];
  environments: () => { id: number; projectId: number; name: string }[];
  activity: ActivityLogStore;
  notifier: Notifier;
  logger: Logger;
  now?: () => Date;
}

export interface DigestEntry {
  key: string;
  owner: string;
  reasons: string[];
}

/**
 * The weekly "flags to clean up" message (`flags.stale_digest`): per environment, every stale flag with its
 * reasons, grouped by the member who created it. A project gets one a week; the time of the last one is kept
 * in the audit log, so a restart neither repeats it nor skips it.
 */
export class StaleDigest {
  private readonly now: () => Date;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: StaleDigestDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  start(checkEveryMs: number): void {
    this.timer = setInterval(() => {
      this.sendDue().catch((error: unknown) =>
        this.deps.logger.warn('stale-flag digest failed', { error: String(error) }),
      );
    }, checkEveryMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Sends the digest of every project whose last one is a week old (or that never had one). */
  async sendDue(): Promise<number> {
    const projects = new Set(this.deps.environments().map((e) => e.projectId));
    let sent = 0;
    for (const projectId of projects) {
      const [last] = await this.deps.activity.list({
        projectId,
        scope: 'Project',
        itemId: DIGEST_ITEM,
        limit: 1,
      });
      if (last && this.now().getTime() - last.at.getTime() < WEEK_MS) continue;
      await this.send(projectId);
      sent += 1;
    }
    return sent;
  }

  /** Builds and sends one project's digest now (also `POST …/feature_flags/stale_digest/`). */
  async send(projectId: number): Promise<{ environmentId: number; flags: DigestEntry[] }[]> {
    const at = this.now();
    const digest: { environmentId: number; flags: DigestEntry[] }[] = [];
    for (const env of this.deps.environments().filter((e) => e.projectId === projectId)) {
      const flags = this.deps.flags(env.id).filter((f) => !f.permanent);
      const facts = await this.deps.lifecycle.facts(env.id, flags);
      const stale = flags.flatMap((f) => {
        const verdict = facts.get(f.id)?.verdict;
        return verdict?.stale
          ? [{ key: f.key, owner: f.createdBy ?? 'unknown', reasons: verdict.reasons.map(String) }]
          : [];
      });
      digest.push({ environmentId: env.id, flags: stale });
      if (stale.length === 0) continue;
      // Owners are member names: a Map, never a plain object indexed by them (`__proto__` is a valid name).
      const owners = new Map<string, string[]>();
      for (const s of stale) owners.set(s.owner, [...(owners.get(s.owner) ?? []), s.key]);
      await this.deps.notifier.notify({
        type: 'flags.stale_digest',
        projectId,
        environmentId: env.id,
        at,
        title: `${stale.length} stale flag${stale.length === 1 ? '' : 's'} in ${env.name}`,
        lines: [...owners].map(([owner, keys]) => `${owner}: ${keys.join(', ')}`),
        data: {
          environment_id: env.id,
          flags: stale,
          by_owner: [...owners].map(([owner, keys]) => ({ owner, keys })),
        },
      });
    }
    await this.deps.activity.append({
      id: randomUUID(),
      projectId,
      scope: 'Project',
      itemId: DIGEST_ITEM,
      activity: 'created',
      actor: { kind: 'system', id: null, name: 'stale-flag digest' },
      at,
      name: 'stale-flag digest',
      changes: [],
      reason: `${digest.reduce((n, d) => n + d.flags.length, 0)} stale flags reported`,
      revertOf: null,
    });
    return digest;
  }
}
