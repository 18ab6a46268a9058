import { TimetrackerError } from './timetracker-error.ts';

/**
 * One JSON call on the management API (`/api/projects/@current/…`) with a personal key: Signpost's or PostHog's.
 * Anything but a 2xx answer is a FLAG_SETUP_FAILED error carrying the server's reply.
 */
export async function adminRequest<T>(
  url: string,
  personalApiKey: string,
  method: string,
  body?: unknown,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${personalApiKey}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new TimetrackerError('FLAG_SETUP_FAILED', `${method} ${url} failed: ${String(error)}`);
  }
  const text = await response.text();
  if (!response.ok) {
    throw new TimetrackerError('FLAG_SETUP_FAILED', `${method} ${url} → ${response.status} ${text}`);
  }
  return JSON.parse(text) as T;
}
