import type { IpHandling } from '../data-settings/data-settings.ts';
import { applyIpHandling } from '../data-settings/ip-handling.ts';
import { AppError } from '../errors/app-error.ts';
import type { IncomingEvent, Properties } from '../events/event.ts';
import { exceedsJsonDepth } from '../http/json-depth.ts';
import { MAX_JSON_DEPTH } from '../http/read-json.ts';
import type { ProjectService } from '../projects/project-service.ts';
import { extractCapturePayload } from './capture-payload.ts';
import type { CaptureResponse } from './capture-schema.ts';
import { decodeBody, type EncodedBody } from './decode-body.ts';
import { DecodeTurns } from './decode-turns.ts';
import type { IngestionQueue } from './ingestion-queue.ts';
import { type Drop, normalizeEvent, type RequestContext } from './normalize-event.ts';

export interface CaptureRequest {
  body: Omit<EncodedBody, 'maxDecodedBytes'>;
  queryToken: string | undefined;
  /** Old posthog-js sends the send time as `_` (ms) in the query. */
  querySentAt: string | undefined;
  ip: string | undefined;
  userAgent: string | undefined;
}

export interface IngestionServiceDeps {
  projects: ProjectService;
  queue: IngestionQueue;
  maxDecodedBytes: number;
  maxEventBytes: number;
  /** Most events one request may carry; more is refused whole (413), so SDKs split the batch. */
  maxBatchEvents: number;
  /** Called once the request's project key is known, before any event is processed; throws to refuse it. */
  admit?: (projectToken: string) => void;
  now?: () => Date;
  /** Told of the events stored for an environment (flag usage counts `$feature_flag_called` from them). */
  onStored?: (environmentId: number, events: readonly IncomingEvent[]) => void;
  /** The project's `$ip` setting (held in memory: no storage call per request), applied before events are queued. */
  ipHandling?: (environmentId: number) => IpHandling;
  /** Adds derived properties (GeoIP) to each valid event while its `$ip` is still there. */
  enrich?: (properties: Properties) => void;
}

const YIELD_EVERY = 2000;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

const drop = (index: number, code: Drop['code'], detail: string): Drop => ({
  index,
  uuid: null,
  code,
  detail,
});

const noValidEvent = (dropped: Drop[]) =>
  new AppError('INVALID_EVENTS', 'No event in the request is valid; see "dropped".', 'batch', { dropped });

/** Capture, from bytes on the wire to durably stored events. */
export class IngestionService {
  private readonly now: () => Date;
  private readonly turns = new DecodeTurns();

  constructor(private readonly deps: IngestionServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async capture(request: CaptureRequest): Promise<CaptureResponse> {
    await this.turns.next();
    const json = decodeBody({ ...request.body, maxDecodedBytes: this.deps.maxDecodedBytes });
    const payload = extractCapturePayload(json, request.queryToken);
    // The key decides the environment the events are stored under.
    const environment = this.deps.projects.environmentByToken(payload.token);
    if (!environment)
      throw new AppError('INVALID_TOKEN', 'The project API key is not known to this server.', 'api_key');
    this.deps.admit?.(payload.token);

    const querySentAt = request.querySentAt ? Number(request.querySentAt) : undefined;
    const ctx: RequestContext = {
      now: this.now(),
      ip: request.ip,
      userAgent: request.userAgent,
      sentAt: payload.sentAt ?? querySentAt,
      historicalMigration: payload.historicalMigration,
    };
    // Only measure event sizes when the body could hold an oversized event at all.
    const checkSize = request.body.bytes.length > this.deps.maxEventBytes / 8;
    if (payload.events.length > this.deps.maxBatchEvents) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `The request carries ${payload.events.length} events; send at most ${this.deps.maxBatchEvents} per request.`,
        'batch',
      );
    }
    const events: IncomingEvent[] = [];
    /** Each stored event's index in the request, to report a drop found at commit time where the SDK sent it. */
    const indexes: number[] = [];
    const dropped: Drop[] = [];
    for (let index = 0; index < payload.events.length; index++) {
      // Big requests are normalised in slices so /flags and /_health answer in between.
      if (index > 0 && index % YIELD_EVERY === 0) await yieldToEventLoop();
      const raw = payload.events[index];
      const result = this.normalize(raw, index, ctx, checkSize);
      if ('code' in result) dropped.push(result);
      else {
        events.push(result);
        indexes.push(index);
      }
    }
    if (events.length === 0 && dropped.length > 0) throw noValidEvent(dropped);
    if (events.length > 0) {
      if (this.deps.enrich) for (const e of events) this.deps.enrich(e.properties);
      applyIpHandling(this.deps.ipHandling?.(environment.id) ?? 'keep', events);
      const { failed } = await this.deps.queue.submit(environment.id, events);
      for (const i of failed) {
        const event = events[i] as IncomingEvent;
        dropped.push({
          index: indexes[i] as number,
          uuid: event.uuid,
          code: 'EVENT_NOT_STORABLE',
          detail: 'The storage refused this event; it was dropped alone and the others were stored.',
        });
      }
      if (failed.length === events.length) throw noValidEvent(dropped);
      this.deps.onStored?.(environment.id, events);
    }
    return dropped.length > 0 ? { status: 1, dropped } : { status: 1 };
  }

  private normalize(raw: unknown, index: number, ctx: RequestContext, checkSize: boolean) {
    // Before any recursive walk (the size check below, $set merges, JSON.stringify at commit): a 5,000-deep
    // event used to overflow the stack inside the shared commit.
    if (exceedsJsonDepth(raw, MAX_JSON_DEPTH)) {
      return drop(index, 'EVENT_TOO_DEEP', `The event nests deeper than ${MAX_JSON_DEPTH} levels.`);
    }
    if (checkSize && JSON.stringify(raw).length > this.deps.maxEventBytes) {
      return drop(index, 'EVENT_TOO_LARGE', `The event exceeds ${this.deps.maxEventBytes} bytes.`);
    }
    return normalizeEvent(raw, index, ctx);
  }
}
