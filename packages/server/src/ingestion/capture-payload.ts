import { AppError } from '../errors/app-error.ts';
import { envelopeSchema } from './capture-schema.ts';

export interface CapturePayload {
  token: string;
  events: unknown[];
  sentAt: unknown;
  historicalMigration: boolean;
}

const tokenOf = (o: Record<string, unknown>): string | undefined => {
  for (const key of ['token', '$token', 'api_key'] as const) {
    const v = o[key];
    if (typeof v === 'string' && v !== '') return v;
  }
  const props = o.properties;
  if (props && typeof props === 'object' && !Array.isArray(props)) {
    const t = (props as Record<string, unknown>).token;
    if (typeof t === 'string' && t !== '') return t;
  }
  return undefined;
};

/** The three shapes capture accepts (envelope, bare array, single event) and where each keeps its token. */
export function extractCapturePayload(json: unknown, queryToken: string | undefined): CapturePayload {
  if (json !== null && typeof json === 'object' && !Array.isArray(json) && 'batch' in json) {
    const envelope = envelopeSchema.safeParse(json);
    if (!envelope.success)
      throw new AppError('INVALID_PAYLOAD', '"batch" must be an array of events.', 'batch');
    const e = envelope.data;
    const token = e.api_key || e.token || e.$token || firstEventToken(e.batch) || queryToken;
    return {
      token: requireToken(token),
      events: e.batch,
      sentAt: e.sent_at,
      historicalMigration: e.historical_migration === true,
    };
  }
  const events = Array.isArray(json) ? json : [json];
  if (!Array.isArray(json) && (json === null || typeof json !== 'object')) {
    throw new AppError(
      'INVALID_PAYLOAD',
      'The body must be an event, an array of events, or {"batch": [...]}.',
    );
  }
  return {
    token: requireToken(firstEventToken(events) ?? queryToken),
    events,
    sentAt: undefined,
    historicalMigration: false,
  };
}

function firstEventToken(events: unknown[]): string | undefined {
  let found: string | undefined;
  for (const event of events) {
    if (event === null || typeof event !== 'object' || Array.isArray(event)) continue;
    const token = tokenOf(event as Record<string, unknown>);
    if (token === undefined) continue;
    if (found !== undefined && token !== found) {
      throw new AppError('MIXED_TOKENS', 'All events of one request must carry the same project token.');
    }
    found = token;
  }
  return found;
}

function requireToken(token: string | undefined | null): string {
  if (!token) {
    throw new AppError(
      'MISSING_TOKEN',
      'No project API key: send it as "api_key" in the body or "token" on each event.',
      'api_key',
    );
  }
  if (token.startsWith('phx_')) {
    throw new AppError(
      'PERSONAL_KEY_AS_TOKEN',
      'A personal API key (phx_…) is secret and must not be used to send events; use the project API key (phc_…).',
      'api_key',
    );
  }
  return token;
}
