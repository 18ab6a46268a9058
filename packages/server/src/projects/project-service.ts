import { randomUUID } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';
import { LocalWrites, trackWrites } from '../util/local-writes.ts';
import type { Logger } from '../util/logger.ts';
import { generateKey, hashSecret, maskSecret } from './api-keys.ts';
import type { Environment } from './environment.ts';
import type { PersonalApiKey, Project } from './project.ts';
import type { ProjectChanges, ProjectStore } from './project-store.ts';

const TOUCH_EVERY_MS = 60_000;
/** What a project's first environment is called; the old single-project data folders become this. */
export const DEFAULT_ENVIRONMENT = 'production';

export class StartupRefusedError extends Error {}

export interface BootstrapOptions {
  projectApiKey: string | undefined;
  personalApiKey: string | undefined;
  /** Where the freshly generated secrets are shown, once. */
  announce: (lines: string[]) => void;
}

/**
 * Projects and keys are read on every request, so they are held in memory; they change only through this
 * service, which writes through to the store first.
 */
export class ProjectService {
  private projectsById = new Map<number, Project>();
  private environmentsById = new Map<number, Environment>();
  private environmentsByToken = new Map<string, Environment>();
  private keysByHash = new Map<string, PersonalApiKey>();
  private readonly writes = new LocalWrites();
  private readonly store: ProjectStore;

  constructor(
    store: ProjectStore,
    private readonly logger: Logger,
  ) {
    this.store = trackWrites(store, this.writes, ['listProjects', 'listEnvironments', 'listPersonalApiKeys']);
  }

  /** First start creates the default project and admin key; later starts check the configured keys match. */
  async bootstrap(options: BootstrapOptions): Promise<void> {
    await this.reload();
    if (this.projectsById.size === 0) {
      await this.createDefaultProject(options);
      return;
    }
    const first = this.projectsById.get(Math.min(...this.projectsById.keys()));
    if (options.projectApiKey && first && first.apiToken !== options.projectApiKey) {
      throw new StartupRefusedError(
        `SIGNPOST_PROJECT_API_KEY differs from the key this data folder was created with (${first.apiToken.slice(0, 8)}…). ` +
          'Unset it, or use the data folder it belongs to.',
      );
    }
    if (options.personalApiKey && !this.keysByHash.has(hashSecret(options.personalApiKey))) {
      throw new StartupRefusedError(
        'SIGNPOST_PERSONAL_API_KEY is not a key of this data folder. Unset it, or use the data folder it belongs to.',
      );
    }
  }

  private async createDefaultProject(options: BootstrapOptions): Promise<void> {
    const token = options.projectApiKey ?? generateKey('phc_');
    const secret = options.personalApiKey ?? generateKey('phx_');
    const project = await this.store.insertProject(
      { name: 'Default project', apiToken: token, timezone: 'UTC', createdAt: new Date() },
      DEFAULT_ENVIRONMENT,
    );
    await this.store.insertPersonalApiKey({
      id: randomUUID(),
      label: 'First admin key',
      secretHash: hashSecret(secret),
      maskValue: maskSecret(secret),
      projectId: project.id,
      createdAt: new Date(),
      userId: undefined,
      scopes: ['*'],
      expiresAt: undefined,
      lastUsedAt: undefined,
    });
    await this.reload();
    this.logger.info('created default project', { projectId: project.id });
    const lines = ['Signpost created the default project.'];
    if (!options.projectApiKey) lines.push(`  Project API key (public, for SDKs):  ${token}`);
    if (!options.personalApiKey) lines.push(`  Personal API key (secret, shown once): ${secret}`);
    options.announce(lines);
  }

  /** Re-reads projects, environments and personal keys (after a change here or on another node). */
  async reload(): Promise<void> {
    const read = await this.writes.readStable(async () => ({
      projects: await this.store.listProjects(),
      environments: await this.store.listEnvironments(),
      keys: await this.store.listPersonalApiKeys(),
    }));
    if (!read) return;
    this.projectsById = new Map(read.projects.map((p) => [p.id, p]));
    this.environmentsById = new Map(read.environments.map((e) => [e.id, e]));
    this.environmentsByToken = new Map(read.environments.map((e) => [e.apiToken, e]));
    this.keysByHash = new Map(read.keys.map((k) => [k.secretHash, k]));
  }

  /** The environment a public key belongs to: the key decides where events go and which flag settings answer. */
  environmentByToken(token: string): Environment | undefined {
    return this.environmentsByToken.get(token);
  }

  environmentById(id: number): Environment | undefined {
    return this.environmentsById.get(id);
  }

  projectById(id: number): Project | undefined {
    return this.projectsById.get(id);
  }

  /** The project an environment belongs to (an environment id of no project answers undefined). */
  projectOfEnvironment(environmentId: number): Project | undefined {
    const environment = this.environmentsById.get(environmentId);
    return environment ? this.projectsById.get(environment.projectId) : undefined;
  }

  listProjects(): Project[] {
    return [...this.projectsById.values()].sort((a, b) => a.id - b.id);
  }

  environmentsOf(projectId: number): Environment[] {
    return [...this.environmentsById.values()]
      .filter((e) => e.projectId === projectId)
      .sort((a, b) => a.id - b.id);
  }

  /** The environment a project id alone means: the first one left (normally the one sharing its id). */
  defaultEnvironment(projectId: number): Environment | undefined {
    return this.environmentsById.get(projectId) ?? this.environmentsOf(projectId)[0];
  }

  /** A new project with its "production" environment and a fresh public key. */
  async createProject(input: { name: string; timezone?: string | undefined }): Promise<Project> {
    const project = await this.store.insertProject(
      {
        name: input.name,
        apiToken: generateKey('phc_'),
        timezone: input.timezone ?? 'UTC',
        createdAt: new Date(),
      },
      DEFAULT_ENVIRONMENT,
    );
    await this.reload();
    this.logger.info('created a project', { projectId: project.id });
    return project;
  }

  /** Deletes the project and all of its rows; refuses the last one (the server needs a project to start in). */
  async deleteProject(projectId: number): Promise<void> {
    if (this.projectsById.size <= 1)
      throw new AppError('LAST_PROJECT', 'This is the only project; create another before deleting it.');
    await this.store.deleteProject(projectId);
    await this.reload();
    this.logger.info('deleted a project', { projectId });
  }

  async createEnvironment(
    projectId: number,
    input: { name: string; production: boolean },
  ): Promise<Environment> {
    this.assertEnvironmentNameFree(projectId, input.name, undefined);
    const environment = await this.store.insertEnvironment({
      projectId,
      name: input.name,
      apiToken: generateKey('phc_'),
      production: input.production,
      createdAt: new Date(),
    });
    await this.reload();
    return environment;
  }

  async updateEnvironment(
    environment: Environment,
    changes: { name?: string | undefined; production?: boolean | undefined },
  ): Promise<Environment> {
    if (changes.name !== undefined)
      this.assertEnvironmentNameFree(environment.projectId, changes.name, environment.id);
    await this.store.updateEnvironment(environment.id, changes);
    await this.reload();
    return this.environmentsById.get(environment.id) ?? environment;
  }

  /** A new public key; the old one stops working at once (SDKs shipped with it must be updated). */
  async resetEnvironmentToken(environment: Environment): Promise<Environment> {
    await this.store.updateEnvironment(environment.id, { apiToken: generateKey('phc_') });
    await this.reload();
    return this.environmentsById.get(environment.id) ?? environment;
  }

  async deleteEnvironment(environment: Environment): Promise<void> {
    if (this.environmentsOf(environment.projectId).length <= 1)
      throw new AppError(
        'LAST_ENVIRONMENT',
        `"${environment.name}" is the project's only environment; add another before deleting it.`,
      );
    await this.store.deleteEnvironment(environment.id);
    await this.reload();
    this.logger.info('deleted an environment', { environmentId: environment.id });
  }

  private assertEnvironmentNameFree(projectId: number, name: string, exceptId: number | undefined): void {
    const taken = this.environmentsOf(projectId).some(
      (e) => e.id !== exceptId && e.name.toLowerCase() === name.toLowerCase(),
    );
    if (taken)
      throw new AppError(
        'ENVIRONMENT_NAME_TAKEN',
        `The project already has an environment "${name}".`,
        'name',
      );
  }

  personalKey(secret: string): PersonalApiKey | undefined {
    return this.keysByHash.get(hashSecret(secret));
  }

  /**
   * Records a key's use. Written through at most once a minute per key: a write per API request would put the
   * database on the hot path of every script polling the API.
   */
  touchPersonalKey(key: PersonalApiKey, now = new Date()): void {
    const previous = key.lastUsedAt?.getTime() ?? 0;
    key.lastUsedAt = now;
    if (now.getTime() - previous < TOUCH_EVERY_MS) return;
    this.store.touchPersonalApiKey(key.id, now).catch((error: unknown) => {
      this.logger.warn('could not record a personal key use', { error: String(error) });
    });
  }

  /** Renames a project or changes the timezone its insights bucket by; takes effect on the next request. */
  async updateProject(projectId: number, changes: ProjectChanges): Promise<Project> {
    await this.store.updateProject(projectId, changes);
    await this.reload();
    const project = this.projectsById.get(projectId);
    if (!project) throw new Error(`project ${projectId} vanished during an update`);
    return project;
  }

  /** The project created on first start, which the first admin belongs to. */
  firstProject(): Project | undefined {
    const ids = [...this.projectsById.keys()];
    return ids.length === 0 ? undefined : this.projectsById.get(Math.min(...ids));
  }

  listPersonalKeys(projectId: number): PersonalApiKey[] {
    return [...this.keysByHash.values()].filter((k) => k.projectId === projectId);
  }

  /** A new key; the secret is returned this once and only its hash is kept. */
  async createPersonalKey(
    projectId: number,
    label: string,
    owner: Pick<PersonalApiKey, 'userId' | 'scopes' | 'expiresAt'> = {
      userId: undefined,
      scopes: ['*'],
      expiresAt: undefined,
    },
  ): Promise<{ key: PersonalApiKey; secret: string }> {
    const secret = generateKey('phx_');
    const key: PersonalApiKey = {
      id: randomUUID(),
      label,
      secretHash: hashSecret(secret),
      maskValue: maskSecret(secret),
      projectId,
      createdAt: new Date(),
      ...owner,
      lastUsedAt: undefined,
    };
    await this.store.insertPersonalApiKey(key);
    this.keysByHash.set(key.secretHash, key);
    return { key, secret };
  }

  /** Returns false when the project has no such key. Takes effect on the next request. */
  async revokePersonalKey(projectId: number, id: string): Promise<boolean> {
    const key = this.listPersonalKeys(projectId).find((k) => k.id === id);
    if (!key) return false;
    await this.store.deletePersonalApiKey(id);
    this.keysByHash.delete(key.secretHash);
    return true;
  }
}
