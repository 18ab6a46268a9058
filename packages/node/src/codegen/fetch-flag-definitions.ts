import { CodegenError } from './codegen-error.ts';
import { type FlagDefinition, parseFlagPage } from './flag-definition.ts';
import type { SignpostApi } from './signpost-api.ts';

const PAGE_SIZE = 500;

/**
 * Every flag definition as one environment configures it, following the API's `next` links. `@current` is the
 * key owner's current environment, which is all a server without environments has.
 */
export async function fetchFlagDefinitions(
  api: SignpostApi,
  environmentId: number | '@current',
  which: 'served' | 'archived' = 'served',
): Promise<FlagDefinition[]> {
  // Archived flags are listed apart (`?archived=true`); servers without archiving answer them all as served.
  const archived = which === 'archived' ? '&archived=true' : '';
  let url: string | null = `/api/projects/${environmentId}/feature_flags/?limit=${PAGE_SIZE}${archived}`;
  const flags: FlagDefinition[] = [];
  while (url) {
    const body = await api.get(url);
    if (body === undefined)
      throw new CodegenError('HTTP_ERROR', `GET ${url} answered 404: the environment is gone.`);
    const page = parseFlagPage(body, which === 'archived');
    flags.push(...page.flags);
    url = page.next;
  }
  return flags;
}
