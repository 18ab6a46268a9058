import { ApiError } from './api-error.ts';

let csrfToken = '';
let onSignedOut: () => void = () => undefined;

/** Set after sign-in: every write sends it back, as the server requires for cookie sessions. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called when the API answers 401, i.e. the session ended elsewhere (logout in another tab, expiry). */
export function whenSignedOut(callback: () => void): void {
  onSignedOut = callback;
}

async function errorFrom(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as {
    code?: string;
    detail?: string;
    attr?: string | null;
  } | null;
  return new ApiError(
    response.status,
    body?.code ?? 'HTTP_ERROR',
    body?.detail ?? `The server answered ${response.status}.`,
    body?.attr ?? null,
  );
}

/** Same-origin JSON request with the session cookie; throws ApiError on anything but 2xx. */
export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', 'Signpost could not be reached. Is the server running?');
  }
  if (!response.ok) {
    const error = await errorFrom(response);
    if (response.status === 401 && path.startsWith('/api/')) onSignedOut();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const get = <T>(path: string) => request<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => request<T>('POST', path, body);
export const patch = <T>(path: string, body: unknown) => request<T>('PATCH', path, body);
export const del = (path: string) => request<void>('DELETE', path);

/** Query string from defined values only. */
export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') search.set(k, String(v));
  const text = search.toString();
  return text ? `?${text}` : '';
}
