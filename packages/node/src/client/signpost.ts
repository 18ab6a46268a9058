import type {
  AliasMessage,
  CaptureMessage,
  FlagOptions,
  FlagsAndPayloads,
  FlagValue,
  GroupIdentifyMessage,
  IdentifyMessage,
  Properties,
  SignpostClientApi,
} from '../client-api.ts';
import { createBatchTransport } from './batch-transport.ts';
import { type DeliveryStats, EventDelivery } from './event-delivery.ts';
import { EventQueue } from './event-queue.ts';
import { FlagCalledCache } from './flag-called-cache.ts';
import { type DefinitionsStats, FlagPoller } from './flag-poller.ts';
import { FlagReader } from './flag-reader.ts';
import { FlagResolver } from './flag-resolver.ts';
import { type ForgetOptions, type ForgetResult, forgetPerson } from './forget.ts';
import { fetchRemoteFlags } from './remote-flags.ts';
import { SignpostError } from './sdk-error.ts';
import { type ResolvedOptions, resolveOptions, type SignpostOptions } from './signpost-options.ts';
import {
  aliasEvent,
  captureEvent,
  groupIdentifyEvent,
  identifyEvent,
  invalidMessage,
  type WireEvent,
} from './wire-event.ts';

export interface SignpostStats extends DeliveryStats {
  /** Events waiting to be sent. */
  queued: number;
  /** Events discarded because the queue was full (oldest first) or left unsent at shutdown. */
  dropped: number;
  /** Local-evaluation polling, when a personal key was given. */
  definitions?: DefinitionsStats;
}

/**
 * Signpost's server-side client: events (queued, gzipped, retried) and feature flags (evaluated locally from
 * polled definitions when a personal key is given, else by `/flags`). Nothing it does throws at the caller once
 * constructed: failures go to `onError`, flag reads fall back to their `default`, events wait in the queue.
 *
 * @example
 * const signpost = new Signpost('phc_…', { host: 'https://signpost.example.com', personalApiKey: 'phx_…' });
 * signpost.capture({ distinctId: user.id, event: 'timer.started', properties: { project_id } });
 * if (await signpost.isFeatureEnabled(user.id, 'new-timer-ui')) { … }
 * await signpost.shutdown();
 */
export class Signpost implements SignpostClientApi {
  private readonly options: ResolvedOptions;
  private readonly queue: EventQueue;
  private readonly delivery: EventDelivery;
  private readonly poller: FlagPoller | undefined;
  private readonly flags: FlagReader;
  private readonly superProperties: Properties = {};
  private readonly flushTimer: NodeJS.Timeout;
  private reportedDrops = 0;
  private closed = false;

  constructor(projectApiKey: string, options: SignpostOptions = {}) {
    this.options = resolveOptions(projectApiKey, options);
    const o = this.options;
    const onError = (error: SignpostError) => this.report(error);
    this.queue = new EventQueue(o.maxQueueSize);
    const send = createBatchTransport({
      host: o.host,
      projectApiKey,
      timeoutMs: o.batchTimeoutMs,
      fetch: o.fetch,
    });
    this.delivery = new EventDelivery(this.queue, send, { ...o, onError });
    if (o.personalApiKey && !o.disabled) {
      this.poller = new FlagPoller({
        host: o.host,
        projectApiKey,
        personalApiKey: o.personalApiKey,
        intervalMs: o.featureFlagsPollingIntervalMs,
        timeoutMs: o.definitionsTimeoutMs,
        fetch: o.fetch,
        onError,
      });
      this.poller.start();
    }
    const remoteOptions = { host: o.host, projectApiKey, fetch: o.fetch };
    const resolver = new FlagResolver({
      ...(this.poller ? { poller: this.poller } : {}),
      remote: (distinctId, flagOptions, keys, timeoutMs) =>
        fetchRemoteFlags({ ...remoteOptions, timeoutMs }, distinctId, flagOptions, keys),
      timeoutMs: o.requestTimeoutMs,
      onError,
    });
    this.flags = new FlagReader({
      resolver,
      calledCache: new FlagCalledCache(o.maxFlagCalledCacheSize),
      capture: (distinctId, event, properties, groups) =>
        this.capture({ distinctId, event, properties, ...(groups ? { groups } : {}) }),
      enabled: !o.disabled,
    });
    this.flushTimer = setInterval(() => this.onTick(), o.flushIntervalMs);
    this.flushTimer.unref();
  }

  capture(message: CaptureMessage): void {
    const problem = invalidMessage({ distinctId: message.distinctId, event: message.event });
    this.enqueue(problem, () => captureEvent(message, this.superProperties));
  }

  identify(message: IdentifyMessage): void {
    const problem = invalidMessage({ distinctId: message.distinctId });
    this.enqueue(problem, () => identifyEvent(message, this.superProperties));
  }

  alias(message: AliasMessage): void {
    const problem = invalidMessage({ distinctId: message.distinctId, alias: message.alias });
    this.enqueue(problem, () => aliasEvent(message, this.superProperties));
  }

  groupIdentify(message: GroupIdentifyMessage): void {
    const problem = invalidMessage({ groupType: message.groupType, groupKey: message.groupKey });
    this.enqueue(problem, () => groupIdentifyEvent(message, this.superProperties));
  }

  /** Properties added to every later event, e.g. `{ environment: 'production', app_version: '3.0.0' }`. */
  register(properties: Properties): void {
    Object.assign(this.superProperties, properties);
  }

  getFeatureFlag(distinctId: string, key: string, options?: FlagOptions): Promise<FlagValue | undefined> {
    return this.flags.getFeatureFlag(distinctId, key, options);
  }

  isFeatureEnabled(distinctId: string, key: string, options?: FlagOptions): Promise<boolean | undefined> {
    return this.flags.isFeatureEnabled(distinctId, key, options);
  }

  getFeatureFlagPayload(distinctId: string, key: string, options?: FlagOptions): Promise<unknown> {
    return this.flags.getFeatureFlagPayload(distinctId, key, options);
  }

  async getAllFlags(distinctId: string, options?: FlagOptions): Promise<Record<string, FlagValue>> {
    return (await this.flags.getAllFlagsAndPayloads(distinctId, options)).flags;
  }

  getAllFlagsAndPayloads(distinctId: string, options?: FlagOptions): Promise<FlagsAndPayloads> {
    return this.flags.getAllFlagsAndPayloads(distinctId, options);
  }

  getActiveExperiments(distinctId: string, options?: FlagOptions): Promise<Record<string, string>> {
    return this.flags.getActiveExperiments(distinctId, options);
  }

  /**
   * Records what a user did with a flagged feature, tagged with the variant they see, as `$feature_interaction`.
   *
   * @example
   * await signpost.trackFeatureFlagInteraction(user.id, 'timer-ui-experiment', 'clicked_start', { source: 'header' });
   */
  async trackFeatureFlagInteraction(
    distinctId: string,
    flagKey: string,
    action: string,
    properties: Properties = {},
  ): Promise<void> {
    const variant = await this.getFeatureFlag(distinctId, flagKey, { sendFeatureFlagEvents: false });
    this.capture({
      distinctId,
      event: '$feature_interaction',
      properties: {
        ...properties,
        $feature_flag: flagKey,
        $feature_flag_response: variant ?? null,
        action,
        $set: { [`$feature_interaction/${flagKey}`]: true },
      },
    });
  }

  /**
   * Erases a person on the server (GDPR): its events, distinct ids and profile, or with `mode: 'anonymise'`
   * keeps its events under a one-way token. Sends what is queued first, so no event of the person arrives
   * afterwards and makes them again. Needs the personal key (`person:write`, an admin's); unlike the rest of
   * the client it rejects on failure (a SignpostError, `status` 404 when nobody has that distinct id).
   *
   * @example
   * const record = await signpost.forget(user.id, { mode: 'anonymise' });
   */
  async forget(distinctId: string, options: ForgetOptions = {}): Promise<ForgetResult> {
    const { personalApiKey, host, fetch, requestTimeoutMs } = this.options;
    if (!personalApiKey)
      throw new SignpostError('INVALID_PERSONAL_API_KEY', 'forget needs the personalApiKey option (phx_…).');
    await this.flush();
    // An erasure rewrites storage: give it longer than a flag read.
    return forgetPerson(
      { host, personalApiKey, fetch, timeoutMs: requestTimeoutMs * 20 },
      distinctId,
      options,
    );
  }

  /** Fetches flag definitions now instead of at the next poll (local evaluation only). */
  async reloadFeatureFlags(): Promise<void> {
    await this.poller?.reload();
  }

  /** Sends everything queued. Never throws: what cannot be delivered stays queued for the next attempt. */
  async flush(): Promise<void> {
    await this.delivery.drain({ keepAlive: true });
  }

  /**
   * Stops polling and timers and sends what is queued, for at most `timeoutMs`. Events still queued after that
   * are counted as dropped. Later calls to capture are ignored.
   */
  async shutdown(timeoutMs = 5_000): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.flushTimer);
    this.poller?.stop();
    const deadline = Date.now() + timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.delivery.drain({ keepAlive: true, deadline }),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    const inFlight = this.delivery.abandon();
    this.queue.countDropped(inFlight);
    const lost = this.queue.clear() + inFlight;
    if (lost > 0)
      this.report(new SignpostError('EVENTS_DROPPED', `${lost} events were still unsent at shutdown`));
  }

  stats(): SignpostStats {
    return {
      ...this.delivery.stats,
      queued: this.queue.length,
      dropped: this.queue.dropped,
      ...(this.poller ? { definitions: this.poller.stats } : {}),
    };
  }

  private enqueue(problem: string | undefined, build: () => WireEvent): void {
    if (this.options.disabled || this.closed) return;
    if (problem) {
      this.report(new SignpostError('INVALID_MESSAGE', `event not queued: ${problem}`));
      return;
    }
    this.queue.push(build());
    if (this.queue.length >= this.options.flushAt) this.sendInBackground();
  }

  private onTick(): void {
    const dropped = this.queue.dropped;
    if (dropped > this.reportedDrops) {
      this.report(
        new SignpostError(
          'EVENTS_DROPPED',
          `${dropped - this.reportedDrops} events dropped: the queue was full`,
        ),
      );
      this.reportedDrops = dropped;
    }
    this.sendInBackground();
  }

  private sendInBackground(): void {
    if (this.delivery.busy || this.queue.length === 0) return;
    void this.delivery.drain({ keepAlive: false });
  }

  /** A throwing `onError` must not break capture or a flag read. */
  private report(error: SignpostError): void {
    try {
      this.options.onError(error);
    } catch {
      // The app's handler failed; there is nobody left to tell.
    }
  }
}
