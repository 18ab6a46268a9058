import type { FetchFn } from './http-request.ts';
import { SignpostError } from './sdk-error.ts';

export interface SignpostOptions {
  /** Where Signpost listens, e.g. `https://signpost.example.com`. Default `http://127.0.0.1:8000`. */
  host?: string;
  /** A personal key (`phx_…`): turns on local flag evaluation from polled definitions. */
  personalApiKey?: string;
  /** Send as soon as this many events are queued. Default 20. */
  flushAt?: number;
  /** Send whatever is queued at least this often. Default 10 000 ms. */
  flushIntervalMs?: number;
  /** Events per `/batch/` request. Default 100. */
  maxBatchSize?: number;
  /** Queued events kept while Signpost is unreachable; beyond it the oldest are dropped and counted. Default 10 000. */
  maxQueueSize?: number;
  /** Deadline of a flag request: past it, flag reads return their `default`. Default 1 500 ms. */
  requestTimeoutMs?: number;
  /** Deadline of one `/batch/` request. Default 10 000 ms. */
  batchTimeoutMs?: number;
  /** Attempts after the first for a failing batch before waiting for the next flush. Default 3. */
  maxRetries?: number;
  /** First back-off delay; it doubles per attempt, with jitter, up to `retryMaxDelayMs`. Default 500 ms. */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /** How often flag definitions are re-fetched (with `If-None-Match`). Default 30 000 ms. */
  featureFlagsPollingIntervalMs?: number;
  /** Deadline of one definitions request. Default 10 000 ms. */
  definitionsTimeoutMs?: number;
  /** (distinct id, flag, value) triples remembered so `$feature_flag_called` is sent once each. Default 50 000. */
  maxFlagCalledCacheSize?: number;
  /** Swap the HTTP client (proxies, instrumentation, tests). Default: global `fetch`. */
  fetch?: FetchFn;
  /** Receives every failure; the SDK never throws them at the caller. Default: ignore. */
  onError?: (error: SignpostError) => void;
  /** Send nothing and ask nothing: events are discarded and flag reads return their `default`. */
  disabled?: boolean;
}

export type ResolvedOptions = Required<Omit<SignpostOptions, 'personalApiKey'>> & { personalApiKey?: string };

const DEFAULTS = {
  host: 'http://127.0.0.1:8000',
  flushAt: 20,
  flushIntervalMs: 10_000,
  maxBatchSize: 100,
  maxQueueSize: 10_000,
  requestTimeoutMs: 1_500,
  batchTimeoutMs: 10_000,
  maxRetries: 3,
  retryBaseDelayMs: 500,
  retryMaxDelayMs: 30_000,
  featureFlagsPollingIntervalMs: 30_000,
  definitionsTimeoutMs: 10_000,
  maxFlagCalledCacheSize: 50_000,
  disabled: false,
} as const;

const POSITIVE: ReadonlyArray<keyof typeof DEFAULTS> = [
  'flushAt',
  'flushIntervalMs',
  'maxBatchSize',
  'maxQueueSize',
  'requestTimeoutMs',
  'batchTimeoutMs',
  'retryBaseDelayMs',
  'retryMaxDelayMs',
  'featureFlagsPollingIntervalMs',
  'definitionsTimeoutMs',
  'maxFlagCalledCacheSize',
];

/** Fills defaults and rejects settings that could only be mistakes, at construction rather than on first use. */
export function resolveOptions(projectApiKey: string, options: SignpostOptions): ResolvedOptions {
  if (typeof projectApiKey !== 'string' || projectApiKey.trim() === '') {
    throw new SignpostError('INVALID_PROJECT_API_KEY', 'A project API key (phc_…) is required.');
  }
  if (/^ph[xs]_/.test(projectApiKey)) {
    throw new SignpostError(
      'INVALID_PROJECT_API_KEY',
      'The first argument is a secret key; pass the project API key (phc_…) and give the secret as personalApiKey.',
    );
  }
  if (options.personalApiKey?.startsWith('phc_')) {
    throw new SignpostError(
      'INVALID_PERSONAL_API_KEY',
      'personalApiKey is a project API key (phc_…); local evaluation needs a personal key (phx_…).',
    );
  }
  const resolved = {
    ...DEFAULTS,
    fetch: (input: string, init: RequestInit) => fetch(input, init),
    onError: () => undefined,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
  } as ResolvedOptions;
  for (const key of POSITIVE) {
    const value = resolved[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new SignpostError('INVALID_OPTION', `${key} must be a positive number, got ${String(value)}.`);
    }
  }
  if (!Number.isInteger(resolved.maxRetries) || resolved.maxRetries < 0) {
    throw new SignpostError(
      'INVALID_OPTION',
      `maxRetries must be an integer >= 0, got ${resolved.maxRetries}.`,
    );
  }
  try {
    const url = new URL(resolved.host);
    // A path prefix is kept (Signpost behind a reverse proxy under /signpost); trailing slashes are not.
    resolved.host = url.origin + url.pathname.replace(/\/+$/, '');
  } catch {
    throw new SignpostError(
      'INVALID_OPTION',
      `host must be an absolute URL, got ${JSON.stringify(resolved.host)}.`,
    );
  }
  return resolved;
}
