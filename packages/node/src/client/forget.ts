import { type FetchFn, httpRequest } from './http-request.ts';
import { SignpostError } from './sdk-error.ts';

/** What Signpost does with the person (see the server README, "Erasure"). */
export type ForgetMode = 'erase' | 'anonymise' | 'events_only';

export interface ForgetOptions {
  /** `erase` (default): the person, its distinct ids and events; `anonymise`: events kept under a token. */
  mode?: ForgetMode;
  /** Extra property keys to remove in `anonymise` mode, on top of the project's personal keys. */
  personalKeys?: string[];
}

/** The erasure record the server keeps: counts of rows per table, never the erased data. */
export interface ForgetResult {
  id: string;
  mode: ForgetMode;
  counts: Record<string, number>;
}

interface ForgetRequest {
  host: string;
  personalApiKey: string;
  fetch: FetchFn;
  timeoutMs: number;
}

/** `DELETE /api/projects/@current/persons/?distinct_id=…`; throws a SignpostError on anything but 200. */
export async function forgetPerson(
  request: ForgetRequest,
  distinctId: string,
  options: ForgetOptions,
): Promise<ForgetResult> {
  const query = new URLSearchParams({ distinct_id: distinctId, mode: options.mode ?? 'erase' });
  if (options.personalKeys?.length) query.set('personal_keys', options.personalKeys.join(','));
  const url = `${request.host}/api/projects/@current/persons/?${query}`;
  const response = await httpRequest(request.fetch, {
    url,
    method: 'DELETE',
    headers: { authorization: `Bearer ${request.personalApiKey}` },
    timeoutMs: request.timeoutMs,
  });
  if (response.status !== 200) {
    throw new SignpostError(
      'HTTP_ERROR',
      `forget: the server answered ${response.status}: ${response.text.slice(0, 200)}`,
      response.status,
    );
  }
  const body = JSON.parse(response.text) as ForgetResult;
  return { id: body.id, mode: body.mode, counts: body.counts };
}
