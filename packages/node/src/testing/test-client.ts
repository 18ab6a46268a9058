import {
  aliasEvent,
  captureEvent,
  groupIdentifyEvent,
  identifyEvent,
  type WireEvent,
} from '../client/wire-event.ts';
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

/** A fixed value, or a function of the user for per-user answers (`(id) => id === 'admin'`). */
export type TestFlag = FlagValue | ((distinctId: string, options: FlagOptions) => FlagValue | undefined);

export interface TestClientOptions {
  flags?: Record<string, TestFlag>;
  /** Payloads by flag key, returned while the flag is not `false`. */
  payloads?: Record<string, unknown>;
  /** The flags `getActiveExperiments` reports. Default: every flag whose value is a variant string. */
  experiments?: readonly string[];
  /** Also record `$feature_flag_called` for each flag read (once per user, flag and value). Default false. */
  recordFeatureFlagCalls?: boolean;
}

/** What the test client recorded: the exact event the real client would have sent. */
export type RecordedEvent = WireEvent;

/**
 * A `SignpostClientApi` with no network, for an app's own tests: flags come from the test, events are recorded.
 *
 * @example
 * const signpost = createTestClient({ flags: { 'enable-exports': false } });
 * const app = createApp(signpost);
 * expect((await request(app).get('/api/export')).status).toBe(503);
 * signpost.setFlag('enable-exports', true);
 */
export class TestClient implements SignpostClientApi {
  /** Every event, in call order. */
  readonly events: RecordedEvent[] = [];
  private flags: Map<string, TestFlag>;
  private payloads: Map<string, unknown>;
  private readonly superProperties: Properties = {};
  private readonly called = new Set<string>();
  private unreachable = false;

  constructor(private readonly initial: TestClientOptions = {}) {
    this.flags = new Map(Object.entries(initial.flags ?? {}));
    this.payloads = new Map(Object.entries(initial.payloads ?? {}));
  }

  /** Overrides one flag for the rest of the test; `undefined` makes it unknown (callers get their `default`). */
  setFlag(key: string, value: TestFlag | undefined, payload?: unknown): void {
    if (value === undefined) this.flags.delete(key);
    else this.flags.set(key, value);
    if (payload !== undefined) this.payloads.set(key, payload);
  }

  setFlags(flags: Record<string, TestFlag>): void {
    for (const [key, value] of Object.entries(flags)) this.setFlag(key, value);
  }

  /** Simulates Signpost being down: every flag read returns its `default`, events are still recorded. */
  setUnreachable(unreachable: boolean): void {
    this.unreachable = unreachable;
  }

  /** Back to the constructor's flags and payloads, with no events recorded. */
  reset(): void {
    this.flags = new Map(Object.entries(this.initial.flags ?? {}));
    this.payloads = new Map(Object.entries(this.initial.payloads ?? {}));
    this.events.length = 0;
    this.called.clear();
    this.unreachable = false;
    for (const key of Object.keys(this.superProperties)) delete this.superProperties[key];
  }

  /** The recorded events with this name (`$identify`, `$feature_interaction`, …). */
  eventsNamed(event: string): RecordedEvent[] {
    return this.events.filter((e) => e.event === event);
  }

  capture(message: CaptureMessage): void {
    this.events.push(captureEvent(message, this.superProperties));
  }

  identify(message: IdentifyMessage): void {
    this.events.push(identifyEvent(message, this.superProperties));
  }

  alias(message: AliasMessage): void {
    this.events.push(aliasEvent(message, this.superProperties));
  }

  groupIdentify(message: GroupIdentifyMessage): void {
    this.events.push(groupIdentifyEvent(message, this.superProperties));
  }

  register(properties: Properties): void {
    Object.assign(this.superProperties, properties);
  }

  async getFeatureFlag(
    distinctId: string,
    key: string,
    options: FlagOptions = {},
  ): Promise<FlagValue | undefined> {
    const value = this.valueOf(distinctId, key, options);
    if (value === undefined) return options.default;
    if (this.initial.recordFeatureFlagCalls && options.sendFeatureFlagEvents !== false) {
      const id = `${distinctId}\u0000${key}\u0000${String(value)}`;
      if (!this.called.has(id)) {
        this.called.add(id);
        const properties = { $feature_flag: key, $feature_flag_response: value, locally_evaluated: true };
        this.capture({ distinctId, event: '$feature_flag_called', properties });
      }
    }
    return value;
  }

  async isFeatureEnabled(
    distinctId: string,
    key: string,
    options?: FlagOptions,
  ): Promise<boolean | undefined> {
    const value = await this.getFeatureFlag(distinctId, key, options);
    return value === undefined ? undefined : value !== false;
  }

  async getFeatureFlagPayload(distinctId: string, key: string, options: FlagOptions = {}): Promise<unknown> {
    const value = this.valueOf(distinctId, key, options);
    return value === undefined || value === false ? undefined : this.payloads.get(key);
  }

  async getAllFlags(distinctId: string, options?: FlagOptions): Promise<Record<string, FlagValue>> {
    return (await this.getAllFlagsAndPayloads(distinctId, options)).flags;
  }

  async getAllFlagsAndPayloads(distinctId: string, options: FlagOptions = {}): Promise<FlagsAndPayloads> {
    const result: FlagsAndPayloads = { flags: {}, payloads: {} };
    for (const key of this.flags.keys()) {
      const value = this.valueOf(distinctId, key, options);
      if (value === undefined) continue;
      result.flags[key] = value;
      const payload = value === false ? undefined : this.payloads.get(key);
      if (payload !== undefined) result.payloads[key] = payload;
    }
    return result;
  }

  async getActiveExperiments(distinctId: string, options?: FlagOptions): Promise<Record<string, string>> {
    const { flags } = await this.getAllFlagsAndPayloads(distinctId, options);
    const chosen = this.initial.experiments ? new Set(this.initial.experiments) : undefined;
    const result: Record<string, string> = {};
    for (const [key, value] of Object.entries(flags)) {
      if (typeof value === 'string' && (!chosen || chosen.has(key))) result[key] = value;
    }
    return result;
  }

  async trackFeatureFlagInteraction(
    distinctId: string,
    flagKey: string,
    action: string,
    properties: Properties = {},
  ): Promise<void> {
    const variant = this.valueOf(distinctId, flagKey, {});
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

  async flush(): Promise<void> {}

  async shutdown(): Promise<void> {}

  private valueOf(distinctId: string, key: string, options: FlagOptions): FlagValue | undefined {
    if (this.unreachable) return undefined;
    const flag = this.flags.get(key);
    return typeof flag === 'function' ? flag(distinctId, options) : flag;
  }
}

/** A test double of the Signpost client: see `TestClient`. */
export function createTestClient(options: TestClientOptions = {}): TestClient {
  return new TestClient(options);
}
