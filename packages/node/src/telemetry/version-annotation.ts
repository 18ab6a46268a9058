/** Where version annotations are written: the Signpost host and a personal API key with `annotation:write`. */
export interface AnnotationApi {
  host: string;
  /** A `phx_` personal key: project keys (`phc_`) only send events and cannot write annotations. */
  personalApiKey: string;
}

/** `created` by this process, `existing` (made earlier or by another process), or `failed` (nothing thrown). */
export type VersionAnnotationOutcome = 'created' | 'existing' | 'failed';

interface Listed {
  id: number;
  content: string;
}

const PATH = '/api/projects/@current/annotations/';

/**
 * Writes `content` as a project annotation unless one with exactly that content exists. Several processes
 * may start with a new version at once, and each checks before any has written: so after creating, each
 * looks again, and all but the oldest of identical notes delete their own, leaving exactly one.
 */
export async function annotateOnce(
  api: AnnotationApi,
  content: string,
  at: Date,
): Promise<VersionAnnotationOutcome> {
  const request = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${api.host.replace(/\/+$/, '')}${path}`, {
      method,
      headers: { authorization: `Bearer ${api.personalApiKey}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}`);
    return response.json();
  };
  // The search is a substring match: only identical content counts as this version's note.
  const same = async (): Promise<Listed[]> => {
    const page = (await request('GET', `${PATH}?search=${encodeURIComponent(content)}&limit=1000`)) as {
      results?: Listed[];
    };
    return (page.results ?? []).filter((a) => a.content === content).sort((a, b) => a.id - b.id);
  };
  try {
    if ((await same()).length > 0) return 'existing';
    const mine = (await request('POST', PATH, { content, date_marker: at.toISOString() })) as Listed;
    const oldest = (await same())[0];
    if (oldest && oldest.id !== mine.id) {
      await request('PATCH', `${PATH}${mine.id}/`, { deleted: true });
      return 'existing';
    }
    return 'created';
  } catch {
    // Telemetry never breaks the app it runs in; a missing note is the only cost.
    return 'failed';
  }
}
