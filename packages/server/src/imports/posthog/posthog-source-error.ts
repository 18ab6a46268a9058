/** Stable codes for what can go wrong reading PostHog; the import CLI prints `code: message`. */
export type PosthogSourceErrorCode =
  | 'POSTHOG_UNREACHABLE'
  | 'POSTHOG_NOT_POSTHOG'
  | 'POSTHOG_BAD_KEY'
  | 'POSTHOG_FORBIDDEN'
  | 'POSTHOG_PROJECT_NOT_FOUND'
  | 'POSTHOG_RATE_LIMITED'
  | 'POSTHOG_RESPONSE_TOO_LARGE'
  | 'POSTHOG_BAD_RESPONSE';

export class PosthogSourceError extends Error {
  constructor(
    readonly code: PosthogSourceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PosthogSourceError';
  }
}
