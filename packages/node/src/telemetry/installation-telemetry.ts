import type { Properties, SignpostClientApi } from '../client-api.ts';
import { type ContainerProbe, detectDeploymentMethod } from './deployment-method.ts';
import {
  type InstallationFacts,
  installationGroups,
  installationPersonProperties,
  telemetryEventProperties,
} from './installation-properties.ts';
import { loadInstallationState, newInstallationId, saveInstallationState } from './installation-state.ts';
import { doNotTrack, processEnv, type TelemetryEnv } from './opt-out.ts';
import { currentPlatform, type PlatformInfo } from './platform-info.ts';
import { type AnnotationApi, annotateOnce, type VersionAnnotationOutcome } from './version-annotation.ts';

export type TelemetryClient = Pick<SignpostClientApi, 'capture' | 'identify' | 'groupIdentify'>;

export interface InstallationTelemetryOptions {
  appVersion: string;
  /** Where the anonymous installation id is kept (the app's data folder). */
  stateDir: string;
  /** Defaults to `production`. */
  environment?: string;
  /** e.g. `local` or `oidc`. */
  authMethod?: string;
  /** Detected (`docker` or `native`) when omitted. */
  deploymentMethod?: string;
  /** `false` turns telemetry off; so does `DO_NOT_TRACK=1` in `env`. */
  enabled?: boolean;
  /** Where `DO_NOT_TRACK` is read from; defaults to `process.env`. */
  env?: TelemetryEnv;
  /** How often `start()` sends `telemetry.health`; 0 sends it only once at start. Defaults to 24 hours. */
  healthIntervalMs?: number;
  probe?: ContainerProbe;
  platform?: Partial<PlatformInfo>;
  /**
   * Annotates the project's charts the first time a version is seen ("TimeTracker 2.9.0 released"), once per
   * version however many installations or processes report it. Needs `annotationApi`, with a personal key.
   */
  annotateVersions?: boolean;
  /** The app's name in version annotations; defaults to "Version". */
  appName?: string;
  /** Required with `annotateVersions`: the project key that sends events cannot write annotations. */
  annotationApi?: AnnotationApi;
  now?: () => Date;
}

export type TelemetryStart =
  | { kind: 'disabled' }
  | {
      kind: 'install' | 'update' | 'restart';
      installationId: string;
      previousVersion?: string;
      persisted: boolean;
      /** Set when `annotateVersions` is on and this run saw a version new to this installation. */
      annotation?: VersionAnnotationOutcome;
    };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Anonymous installation telemetry, as the guide's TimeTracker sends it: one person per installation, `version`
 * and `platform` groups, and `telemetry.install`, `telemetry.update` and `telemetry.health` events.
 *
 * @example
 * const telemetry = createInstallationTelemetry(signpost, { appVersion: '3.0.0', stateDir: './data' });
 * await telemetry.start();
 */
export class InstallationTelemetry {
  readonly enabled: boolean;
  #installationId: string | undefined;
  #timer: NodeJS.Timeout | undefined;
  readonly #facts: InstallationFacts;
  readonly #startedAt: number;

  constructor(
    private readonly client: TelemetryClient,
    private readonly options: InstallationTelemetryOptions,
  ) {
    this.enabled = options.enabled !== false && !doNotTrack(options.env ?? processEnv());
    if (options.annotateVersions && !options.annotationApi)
      throw new TypeError('annotateVersions needs annotationApi: { host, personalApiKey } (a phx_ key)');
    this.#startedAt = this.now().getTime();
    this.#facts = {
      appVersion: options.appVersion,
      environment: options.environment ?? 'production',
      deploymentMethod: options.deploymentMethod ?? detectDeploymentMethod(options.probe),
      authMethod: options.authMethod,
      platform: { ...currentPlatform(), ...options.platform },
    };
  }

  /** The anonymous id this installation reports as; `undefined` before `start()` or when disabled. */
  get installationId(): string | undefined {
    return this.#installationId;
  }

  /** Identifies the installation, sends install/update once per version, a first health ping, and schedules more. */
  async start(): Promise<TelemetryStart> {
    if (!this.enabled) return { kind: 'disabled' };
    const previous = await loadInstallationState(this.options.stateDir);
    const installationId = previous?.installationId ?? newInstallationId();
    this.#installationId = installationId;
    const now = this.now();
    const persisted = await saveInstallationState(this.options.stateDir, {
      installationId,
      version: this.#facts.appVersion,
      firstSeenAt: previous?.firstSeenAt || now.toISOString(),
    });
    const kind = !previous ? 'install' : previous.version !== this.#facts.appVersion ? 'update' : 'restart';

    const person = installationPersonProperties(this.#facts, now);
    this.client.identify({ distinctId: installationId, set: person.set, setOnce: person.setOnce });
    const groups = installationGroups(this.#facts);
    for (const type of ['version', 'platform'] as const) {
      this.client.groupIdentify({
        groupType: type,
        groupKey: groups.keys[type],
        properties: groups.properties[type],
      });
    }
    // Without a stored id the next run could not tell an update from a fresh install; say nothing rather than lie.
    if (persisted && kind === 'install') this.send('telemetry.install', {});
    if (persisted && kind === 'update') {
      this.send('telemetry.update', { old_version: previous?.version, new_version: this.#facts.appVersion });
    }
    this.health();
    this.schedule();
    const annotation = kind === 'restart' ? undefined : await this.annotateVersion(now);
    return {
      kind,
      installationId,
      persisted,
      ...(previous ? { previousVersion: previous.version } : {}),
      ...(annotation ? { annotation } : {}),
    };
  }

  /** A restart has seen its version before; an install or update may be the first to report it anywhere. */
  private async annotateVersion(now: Date): Promise<VersionAnnotationOutcome | undefined> {
    const api = this.options.annotationApi;
    if (!this.options.annotateVersions || !api) return undefined;
    const content = `${this.options.appName ?? 'Version'} ${this.#facts.appVersion} released`;
    return annotateOnce(api, content, now);
  }

  /** Sends `telemetry.health` now, with any app-specific figures (e.g. `{ users: 12 }`). */
  health(properties: Properties = {}): void {
    if (!this.#installationId) return;
    const uptimeSeconds = Math.round((this.now().getTime() - this.#startedAt) / 1000);
    this.send('telemetry.health', { uptime_seconds: uptimeSeconds, ...properties });
  }

  /** Stops the periodic health ping. The client's own shutdown delivers what was queued. */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  private schedule(): void {
    const interval = this.options.healthIntervalMs ?? DAY_MS;
    if (interval <= 0 || this.#timer) return;
    this.#timer = setInterval(() => this.health(), interval);
    // Telemetry must never keep a process alive that would otherwise exit.
    this.#timer.unref();
  }

  private send(event: string, properties: Properties): void {
    if (!this.#installationId) return;
    const groups = installationGroups(this.#facts).keys;
    this.client.capture({
      distinctId: this.#installationId,
      event,
      properties: { ...telemetryEventProperties(this.#facts), ...properties },
      groups,
    });
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

/** See {@link InstallationTelemetry}. */
export function createInstallationTelemetry(
  client: TelemetryClient,
  options: InstallationTelemetryOptions,
): InstallationTelemetry {
  return new InstallationTelemetry(client, options);
}
