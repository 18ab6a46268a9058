import type { Signpost } from '../server.ts';

export interface Browserish {
  /** Sends like a browser on this origin: the session cookie if one was set, and the CSRF token if asked. */
  request(
    method: string,
    path: string,
    options?: { body?: unknown; csrf?: boolean; headers?: Record<string, string> },
  ): Promise<Response>;
  signIn(email: string, password: string): Promise<Response>;
  cookie: string | undefined;
  csrf: string | undefined;
}

/** A cookie jar of one cookie over `app.request()`, for the session tests. */
export function browserish(signpost: Signpost, origin = 'http://localhost'): Browserish {
  const jar: Browserish = {
    cookie: undefined,
    csrf: undefined,
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (jar.cookie) headers.cookie = jar.cookie;
      if (options.csrf && jar.csrf) headers['x-csrf-token'] = jar.csrf;
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      const response = await signpost.app.request(`${origin}${path}`, {
        method,
        headers,
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      });
      const set = response.headers.get('set-cookie');
      if (set) {
        const value = /^signpost_session=([^;]*)/.exec(set)?.[1];
        jar.cookie = value ? `signpost_session=${value}` : undefined;
      }
      return response;
    },
    async signIn(email, password) {
      const response = await jar.request('POST', '/_auth/login', { body: { email, password } });
      if (response.status === 200)
        jar.csrf = ((await response.clone().json()) as { csrf_token: string }).csrf_token;
      return response;
    },
  };
  return jar;
}
