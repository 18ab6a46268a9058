import type { PosthogClient } from './posthog-client.ts';
import { isObject, numberOf, stringOf } from './posthog-json.ts';
import { PosthogSourceError } from './posthog-source-error.ts';

export interface PosthogProject {
  id: number;
  name: string;
  /** The project's public token (`phc_…`), which `/flags` takes. */
  apiToken: string;
}

/**
 * Reads the project through `GET /api/projects/:id/` — the first request of an import, so it also tells a wrong
 * host (nothing answers, or something that is not PostHog) and a bad key apart, before anything is written.
 */
export async function readPosthogProject(client: PosthogClient, projectId: string): Promise<PosthogProject> {
  if (!/^(@current|\d+)$/.test(projectId)) {
    throw new PosthogSourceError(
      'POSTHOG_PROJECT_NOT_FOUND',
      `"${projectId}" is not a PostHog project id: give the number from the project's URL, or leave it out`,
    );
  }
  let answer: unknown;
  try {
    answer = await client.get(`/api/projects/${projectId}/`);
  } catch (error) {
    if (!(error instanceof PosthogSourceError) || error.code !== 'POSTHOG_BAD_RESPONSE') throw error;
    if (projectId !== '@current' && / answered 404/.test(error.message)) {
      throw new PosthogSourceError(
        'POSTHOG_PROJECT_NOT_FOUND',
        `${client.host} has no project ${projectId} that this key can read`,
      );
    }
    throw notPosthog(client, error.message);
  }
  const id = isObject(answer) ? numberOf(answer.id) : null;
  const apiToken = isObject(answer) ? stringOf(answer.api_token) : null;
  if (!isObject(answer) || id === null || apiToken === null) {
    throw notPosthog(client, 'its project answer has no id and api_token');
  }
  return { id, name: stringOf(answer.name) ?? '', apiToken };
}

const notPosthog = (client: PosthogClient, why: string) =>
  new PosthogSourceError(
    'POSTHOG_NOT_POSTHOG',
    `${client.host} does not answer like PostHog (${why}); give the address you open PostHog at, e.g. https://us.posthog.com`,
  );
