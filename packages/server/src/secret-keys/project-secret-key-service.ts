import { randomUUID } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';
import { generateKey, hashSecret, maskSecret } from '../projects/api-keys.ts';
import { StartupRefusedError } from '../projects/project-service.ts';
import { LocalWrites, trackWrites } from '../util/local-writes.ts';
import type { ProjectSecretKey } from './project-secret-key.ts';
import type { ProjectSecretKeyStore } from './project-secret-key-store.ts';

/** The longest an admin may keep a rolled key alive: an overlap window is for a deploy, not a second key. */
export const MAX_OVERLAP_MS = 30 * 24 * 60 * 60 * 1000;
export const DEFAULT_OVERLAP_MS = 24 * 60 * 60 * 1000;

export type SecretKeyCheck =
  | { ok: true; key: ProjectSecretKey }
  | { ok: false; reason: 'unknown' | 'expired'; key?: ProjectSecretKey };

export interface IssuedSecretKey {
  key: ProjectSecretKey;
  /** The `phs_…` value, returned this once. */
  secret: string;
}

/**
 * Project secret keys, held in memory (every definitions poll checks one) and written through to the store.
 * Keys are found by the SHA-256 of the presented secret, as personal keys are: the secret is never compared
 * character by character, so the look-up's timing says nothing about it.
 */
export class ProjectSecretKeyService {
  private byHash = new Map<string, ProjectSecretKey>();
  private readonly now: () => Date;
  private readonly writes = new LocalWrites();
  private readonly store: ProjectSecretKeyStore;

  constructor(store: ProjectSecretKeyStore, now?: () => Date) {
    this.now = now ?? (() => new Date());
    this.store = trackWrites(store, this.writes, ['listProjectSecretKeys']);
  }

  async start(): Promise<void> {
    await this.reload();
  }

  /** Re-reads every key (another node issued, rolled or revoked one); never undoes a write of this node. */
  async reload(): Promise<void> {
    const keys = await this.writes.readStable(() => this.store.listProjectSecretKeys());
    if (keys) this.byHash = new Map(keys.map((k) => [k.secretHash, k]));
  }

  /**
   * On a data folder without any secret key (a fresh one, or one from before secret keys existed) creates the
   * first one, from the configured value when given; with keys, a configured value must be one of them.
   */
  async bootstrap(projectId: number, configured: string | undefined): Promise<string | undefined> {
    const existing = this.list(projectId);
    if (existing.length > 0) {
      if (configured && !this.isLiveKeyOf(configured, projectId)) {
        throw new StartupRefusedError(
          'SIGNPOST_PROJECT_SECRET_KEY is not a live key of this data folder (revoked, expired or from another one). ' +
            'Unset it, or set the current key.',
        );
      }
      return undefined;
    }
    const { secret } = await this.insert(projectId, 'Local evaluation', 'first start', configured);
    return configured ? undefined : secret;
  }

  private isLiveKeyOf(secret: string, projectId: number): boolean {
    const checked = this.check(secret);
    return checked.ok && checked.key.projectId === projectId;
  }

  check(secret: string): SecretKeyCheck {
    const key = this.byHash.get(hashSecret(secret));
    if (!key) return { ok: false, reason: 'unknown' };
    if (key.expiresAt && key.expiresAt.getTime() <= this.now().getTime())
      return { ok: false, reason: 'expired', key };
    return { ok: true, key };
  }

  list(projectId: number): ProjectSecretKey[] {
    return [...this.byHash.values()]
      .filter((k) => k.projectId === projectId)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  get(projectId: number, id: string): ProjectSecretKey {
    const key = this.list(projectId).find((k) => k.id === id);
    if (!key) throw new AppError('SECRET_KEY_NOT_FOUND', `No project secret key "${id}" in this project.`);
    return key;
  }

  create(projectId: number, label: string, createdBy: string): Promise<IssuedSecretKey> {
    return this.insert(projectId, label, createdBy);
  }

  /**
   * Issues a successor with the same label; the old key keeps working until `previousExpiresAt` (default 24 h),
   * so app servers can be redeployed with the new value before the old one stops.
   */
  async roll(
    projectId: number,
    id: string,
    createdBy: string,
    previousExpiresAt?: Date,
  ): Promise<{ issued: IssuedSecretKey; previous: ProjectSecretKey }> {
    const old = this.get(projectId, id);
    const now = this.now().getTime();
    const until = previousExpiresAt ?? new Date(now + DEFAULT_OVERLAP_MS);
    if (until.getTime() < now || until.getTime() > now + MAX_OVERLAP_MS) {
      throw new AppError(
        'INVALID_BODY',
        'previous_key_expires_at must be between now and 30 days from now.',
        'previous_key_expires_at',
      );
    }
    // Rolling twice never extends a key that was already due to stop sooner.
    const expiresAt = old.expiresAt && old.expiresAt.getTime() < until.getTime() ? old.expiresAt : until;
    await this.store.setProjectSecretKeyExpiry(old.id, expiresAt);
    const previous = { ...old, expiresAt };
    this.byHash.set(old.secretHash, previous);
    const issued = await this.insert(projectId, old.label, createdBy);
    return { issued, previous };
  }

  /** Stops the key at once. */
  async revoke(projectId: number, id: string): Promise<void> {
    const key = this.get(projectId, id);
    await this.store.deleteProjectSecretKey(key.id);
    this.byHash.delete(key.secretHash);
  }

  private async insert(
    projectId: number,
    label: string,
    createdBy: string,
    secret = generateKey('phs_'),
  ): Promise<IssuedSecretKey> {
    const key: ProjectSecretKey = {
      id: randomUUID(),
      projectId,
      label,
      secretHash: hashSecret(secret),
      maskValue: maskSecret(secret),
      createdAt: this.now(),
      createdBy,
      expiresAt: null,
    };
    await this.store.insertProjectSecretKey(key);
    this.byHash.set(key.secretHash, key);
    return { key, secret };
  }
}
