import { CodegenError } from './codegen-error.ts';
import { type FlagDefinition, parseFlagPage } from './flag-definition.ts';

export interface FetchFlagsOptions {
  /** Signpost's base URL, e.g. `https://signpost.example.com`. */
  host: string;
  /** A personal API key (`phx_…`): the flag definitions are not public. */
  personalApiKey: string;
  timeoutMs?: number;
}

const PAGE_SIZE = 500;

/** Every flag definition of the key's project, following the API's `next` links. */
export async function fetchFlagDefinitions(options: FetchFlagsOptions): Promise<FlagDefinition[]> {
  const base = new URL(options.host);
  // Appended rather than resolved, so a Signpost served under a path prefix keeps it.
  const root = base.href.replace(/\/+$/, '');
  let url: string | null = `${root}/api/projects/@current/feature_flags/?limit=${PAGE_SIZE}`;
  const flags: FlagDefinition[] = [];
  while (url) {
    // The key is a secret: never follow a `next` link to another origin.
    if (new URL(url).origin !== base.origin)
      throw new CodegenError('INVALID_RESPONSE', `"next" leaves ${base.origin}.`);
    const page = parseFlagPage(await getJson(url, options));
    flags.push(...page.flags);
    url = page.next;
  }
  return flags;
}

async function getJson(url: string, options: FetchFlagsOptions): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { authorization: `Bearer ${options.personalApiKey}`, accept: 'application/json' },
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CodegenError('UNREACHABLE', `Could not reach ${new URL(url).origin}: ${reason}.`);
  }
  if (response.status === 401 || response.status === 403) {
    throw new CodegenError(
      'UNAUTHORIZED',
      `${response.status} from ${new URL(url).origin}: the personal API key was refused.`,
    );
  }
  if (!response.ok) {
    const body = (await response.text()).slice(0, 300);
    throw new CodegenError('HTTP_ERROR', `GET ${new URL(url).pathname} answered ${response.status}: ${body}`);
  }
  try {
    return await response.json();
  } catch {
    throw new CodegenError('INVALID_RESPONSE', `GET ${new URL(url).pathname} did not answer JSON.`);
  }
}
