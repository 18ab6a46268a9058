import type { PostHogOptions } from 'posthog-node';

type PostHogFetch = NonNullable<PostHogOptions['fetch']>;

/**
 * Which flags run an experiment, as the server says in the answers posthog-node gets: `has_experiment` in
 * `/flags?v=2` metadata and in `/flags/definitions`. posthog-node reads that marker (for its exposure events) but
 * hands it to nobody, so it is read here, on the way, through posthog-node's `fetch` option: no extra request,
 * and exactly what posthog-node evaluated with.
 */
export class ExperimentMarkers {
  private readonly marks = new Map<string, boolean>();

  /** For `new PostHog(key, { fetch: markers.fetch })`: the global fetch, reading flag answers as they pass. */
  readonly fetch: PostHogFetch = async (url, options) => {
    const response = await fetch(url, options as RequestInit);
    if (response.status === 200 && isFlagAnswer(url)) {
      try {
        this.learn(await response.clone().json());
      } catch {
        // Not JSON: posthog-node reports that itself; there is nothing to learn.
      }
    }
    return response;
  };

  /**
   * Whether a flag that gave a user a variant is a running experiment. A server that never sends the marker (an
   * older Signpost) leaves every such flag counted, as @signpost/node does.
   */
  isRunningExperiment(key: string): boolean {
    return this.marks.size === 0 || this.marks.get(key) === true;
  }

  private learn(body: unknown): void {
    if (!isObject(body)) return;
    const flags = body.flags;
    // /flags/definitions: [{ key, has_experiment, … }]; /flags?v=2: { key: { metadata: { has_experiment } } }.
    const entries = Array.isArray(flags)
      ? flags.filter(isObject).map((f) => [f.key, f.has_experiment] as const)
      : isObject(flags)
        ? Object.entries(flags).map(
            ([key, f]) =>
              [key, isObject(f) && isObject(f.metadata) ? f.metadata.has_experiment : undefined] as const,
          )
        : [];
    for (const [key, marker] of entries) {
      if (typeof key === 'string' && typeof marker === 'boolean') this.marks.set(key, marker);
    }
  }
}

function isFlagAnswer(url: string): boolean {
  const pathname = new URL(url).pathname.replace(/\/+$/, '');
  return pathname.endsWith('/flags') || pathname.endsWith('/flags/definitions');
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;
