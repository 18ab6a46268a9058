import type { FlagOptions } from '../client-api.ts';
import { SDK_NAME, SDK_VERSION } from '../version.ts';
import { type FlagOutcome, parsePayload } from './flag-outcome.ts';
import { groupPropertiesWithKeys } from './group-properties.ts';
import { expectOk, type FetchFn, httpRequest } from './http-request.ts';
import { SignpostError } from './sdk-error.ts';

export interface RemoteFlagsOptions {
  host: string;
  projectApiKey: string;
  timeoutMs: number;
  fetch: FetchFn;
}

/** The fields of a `/flags?v=2` FlagDetails this SDK reads (compat notes §1.4). */
interface FlagDetails {
  enabled?: unknown;
  variant?: unknown;
  failed?: unknown;
  reason?: { description?: unknown } | null;
  metadata?: { id?: unknown; version?: unknown; payload?: unknown; has_experiment?: unknown } | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function toOutcome(key: string, details: FlagDetails): FlagOutcome | undefined {
  // A flag the server could not compute is as good as unknown: the caller falls back to its default.
  if (!isRecord(details) || details.failed === true) return undefined;
  const variant = typeof details.variant === 'string' ? details.variant : undefined;
  const value = details.enabled === true ? (variant ?? true) : false;
  const meta = isRecord(details.metadata) ? details.metadata : {};
  const reason = isRecord(details.reason) ? details.reason.description : undefined;
  return {
    key,
    value,
    payload: value === false ? undefined : parsePayload(meta.payload),
    locallyEvaluated: false,
    ...(typeof reason === 'string' ? { reason } : {}),
    ...(typeof meta.id === 'number' ? { id: meta.id } : {}),
    ...(typeof meta.version === 'number' ? { version: meta.version } : {}),
    multivariate: variant !== undefined,
    ...(typeof meta.has_experiment === 'boolean' ? { hasExperiment: meta.has_experiment } : {}),
  };
}

/**
 * `POST /flags?v=2` for one user: the server evaluates with the person and group properties it stored, overlaid
 * by the ones passed. Returns the flags it knows; throws a SignpostError when it cannot be asked.
 */
export async function fetchRemoteFlags(
  options: RemoteFlagsOptions,
  distinctId: string,
  flagOptions: FlagOptions,
  flagKeys?: readonly string[],
): Promise<Record<string, FlagOutcome>> {
  const url = `${options.host}/flags/?v=2`;
  const body = {
    token: options.projectApiKey,
    distinct_id: distinctId,
    groups: flagOptions.groups ?? {},
    person_properties: flagOptions.personProperties ?? {},
    group_properties: groupPropertiesWithKeys(flagOptions),
    ...(flagKeys ? { flag_keys_to_evaluate: flagKeys } : {}),
    evaluation_runtime: 'server',
    // Signpost answers switched-off flags as false when asked, so a kill switch read with `default: true`
    // turns off instead of reading as unknown (a PostHog server ignores the field and leaves them out).
    include_inactive_flags: true,
  };
  const { status, text } = await httpRequest(options.fetch, {
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': `${SDK_NAME}/${SDK_VERSION}` },
    body: JSON.stringify(body),
    timeoutMs: options.timeoutMs,
  });
  expectOk('POST', url, status, text);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SignpostError('INVALID_RESPONSE', `POST ${url} answered non-JSON`, status, { cause: error });
  }
  if (!isRecord(json) || !isRecord(json.flags)) {
    throw new SignpostError('INVALID_RESPONSE', `POST ${url} answered without a "flags" object`, status);
  }
  if (Array.isArray(json.quotaLimited) && json.quotaLimited.includes('feature_flags')) return {};
  const outcomes: Record<string, FlagOutcome> = {};
  for (const [key, details] of Object.entries(json.flags)) {
    const outcome = toOutcome(key, details as FlagDetails);
    if (outcome) outcomes[key] = outcome;
  }
  return outcomes;
}
