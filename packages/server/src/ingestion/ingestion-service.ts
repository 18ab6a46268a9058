import { AppError } from '../errors/app-error.ts';
import type { IncomingEvent } from '../events/event.ts';
import type { ProjectService } from '../projects/project-service.ts';
import { extractCapturePayload } from './capture-payload.ts';
import type { CaptureResponse } from './capture-schema.ts';
import { decodeBody, type EncodedBody } from './decode-body.ts';
import type { IngestionQueue } from './ingestion-queue.ts';
import { type Drop, normalizeEvent } from './normalize-event.ts';

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
  now?: () => Date;
}

/** Capture, from bytes on the wire to durably stored events. */
export class IngestionService {
  private readonly now: () => Date;

  constructor(private readonly deps: IngestionServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async capture(request: CaptureRequest): Promise<CaptureResponse> {
    const json = decodeBody({ ...request.body, maxDecodedBytes: this.deps.maxDecodedBytes });
    const payload = extractCapturePayload(json, request.queryToken);
    const project = this.deps.projects.projectByToken(payload.token);
    if (!project)
      throw new AppError('INVALID_TOKEN', 'The project API key is not known to this server.', 'api_key');

    const querySentAt = request.querySentAt ? Number(request.querySentAt) : undefined;
    const ctx = {
      now: this.now(),
      ip: request.ip,
      userAgent: request.userAgent,
      sentAt: payload.sentAt ?? querySentAt,
      historicalMigration: payload.historicalMigration,
    };
    // Only measure event sizes when the body could hold an oversized event at all.
    const checkSize = request.body.bytes.length > this.deps.maxEventBytes / 8;
    const events: IncomingEvent[] = [];
    const dropped: Drop[] = [];
    payload.events.forEach((raw, index) => {
      if (checkSize && JSON.stringify(raw).length > this.deps.maxEventBytes) {
        dropped.push({
          index,
          uuid: null,
          code: 'EVENT_TOO_LARGE',
          detail: `The event exceeds ${this.deps.maxEventBytes} bytes.`,
        });
        return;
      }
      const result = normalizeEvent(raw, index, ctx);
      if ('code' in result) dropped.push(result);
      else events.push(result);
    });
    if (events.length === 0 && dropped.length > 0) {
      throw new AppError('INVALID_EVENTS', 'No event in the request is valid; see "dropped".', 'batch', {
        dropped,
      });
    }
    if (events.length > 0) await this.deps.queue.submit(project.id, events);
    return dropped.length > 0 ? { status: 1, dropped } : { status: 1 };
  }
}
