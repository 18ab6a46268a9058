/** Anything that answers requests like a Hono app: Signpost in process. */
export interface RequestTarget {
  request(input: string, init?: RequestInit): Response | Promise<Response>;
}

export interface SignInOutcome {
  /** Signpost's answer to the callback. */
  status: number;
  location: string;
  /** The code a refusal put in `?sso_error=`, or undefined on success. */
  error: string | undefined;
  /** The session cookie's value when one was set. */
  session: string | undefined;
}

export interface SignInTampering {
  /** Changes the authorization request on its way to the provider (as a man in the browser could). */
  authorization?: (url: URL) => URL;
  /** Changes the provider's answer on its way back to Signpost. */
  callback?: (url: URL) => URL;
  /** Drops Signpost's sign-in cookie before the callback (another browser finishing the sign-in). */
  dropLoginCookie?: boolean;
}

function cookiesOf(response: Response, jar: Map<string, string>): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair = ''] = line.split(';');
    const at = pair.indexOf('=');
    const name = pair.slice(0, at).trim();
    const value = pair.slice(at + 1).trim();
    if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '') jar.delete(name);
    else jar.set(name, value);
  }
}

const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

/**
 * A browser's trip through single sign-on without a browser: Signpost's login redirect, the provider's
 * authorization endpoint and interaction over real HTTP (with the provider's cookies kept), then Signpost's
 * callback. Each call is a fresh browser, so the provider has no session from an earlier sign-in.
 */
export async function signInThroughProvider(
  signpost: RequestTarget,
  publicUrl: string,
  tamper: SignInTampering = {},
): Promise<SignInOutcome> {
  const ours = new Map<string, string>();
  const theirs = new Map<string, string>();
  const login = await signpost.request(`${publicUrl}/_auth/oidc/login`);
  cookiesOf(login, ours);
  const first = login.headers.get('location') ?? '';
  if (login.status !== 302 || first.startsWith(publicUrl)) return outcome(login, ours);
  let url = tamper.authorization ? tamper.authorization(new URL(first)) : new URL(first);
  for (let hop = 0; !url.href.startsWith(publicUrl); hop++) {
    if (hop > 10) throw new Error(`too many redirects at the provider, last ${url.href}`);
    const r = await fetch(url, { redirect: 'manual', headers: { cookie: cookieHeader(theirs) } });
    cookiesOf(r, theirs);
    const next = r.headers.get('location');
    if (!next) throw new Error(`the provider answered ${r.status} at ${url.href}: ${await r.text()}`);
    url = new URL(next, url);
  }
  if (tamper.callback) url = tamper.callback(url);
  if (tamper.dropLoginCookie) ours.clear();
  const callback = await signpost.request(url.href, { headers: { cookie: cookieHeader(ours) } });
  cookiesOf(callback, ours);
  return outcome(callback, ours);
}

function outcome(response: Response, jar: Map<string, string>): SignInOutcome {
  const location = response.headers.get('location') ?? '';
  const error = new URL(location, 'http://x').searchParams.get('sso_error') ?? undefined;
  return { status: response.status, location, error, session: jar.get('signpost_session') };
}
