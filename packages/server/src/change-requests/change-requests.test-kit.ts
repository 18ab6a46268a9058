import type { Role } from '../access/roles.ts';
import { browserish } from '../auth/auth-test-client.ts';
import type { Signpost } from '../server.ts';
import { TEST_PERSONAL_KEY } from '../testing/test-server.ts';

export const ADMIN_KEY = TEST_PERSONAL_KEY;

/** A member invited with `role`, signed in once to make their own personal key (`*`: all the role allows). */
export async function memberKey(signpost: Signpost, email: string, role: Role): Promise<string> {
  const invite = await call(signpost, ADMIN_KEY, 'POST', '/api/projects/@current/invites/', { email, role });
  const token = new URL(((await invite.json()) as { invite_url: string }).invite_url).hash.slice(
    '#token='.length,
  );
  const session = browserish(signpost);
  await session.request('POST', '/_auth/accept_invite', { body: { token, password: 'approve my change' } });
  session.csrf = (
    (await (await session.request('GET', '/_auth/session')).json()) as { csrf_token: string }
  ).csrf_token;
  const created = await session.request('POST', '/api/personal_api_keys/', {
    body: { label: email },
    csrf: true,
  });
  return ((await created.json()) as { value: string }).value;
}

/** One API call with a personal key; `headers` adds e.g. the reason header. */
export async function call(
  signpost: Signpost,
  key: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return signpost.app.request(path, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
