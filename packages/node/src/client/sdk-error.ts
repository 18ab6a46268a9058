/** Stable codes for everything the SDK reports; match on `code`, never on the message. */
export type SignpostErrorCode =
  | 'INVALID_PROJECT_API_KEY'
  | 'INVALID_PERSONAL_API_KEY'
  | 'INVALID_OPTION'
  | 'INVALID_MESSAGE'
  | 'NETWORK_ERROR'
  | 'TIMEOUT'
  | 'HTTP_ERROR'
  | 'INVALID_RESPONSE'
  | 'EVENTS_REJECTED'
  | 'EVENTS_DROPPED';

/**
 * Every failure the SDK reports to `onError` or throws from the constructor. Network and server failures never
 * reach the calling app as exceptions: flag reads fall back to defaults and events stay queued.
 */
export class SignpostError extends Error {
  override readonly name = 'SignpostError';

  constructor(
    readonly code: SignpostErrorCode,
    message: string,
    /** HTTP status, when the server answered. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Worth sending again later: the server was unreachable, slow, overloaded or failing. */
  get retryable(): boolean {
    if (this.code === 'NETWORK_ERROR' || this.code === 'TIMEOUT') return true;
    if (this.code !== 'HTTP_ERROR' || this.status === undefined) return false;
    return this.status === 408 || this.status === 429 || this.status >= 500;
  }
}
