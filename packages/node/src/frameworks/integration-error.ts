export type IntegrationErrorCode = 'INVALID_ON_DISABLED';

/** A misconfigured framework integration, thrown when the middleware is built rather than on a request. */
export class IntegrationError extends Error {
  override readonly name = 'IntegrationError';

  constructor(
    readonly code: IntegrationErrorCode,
    message: string,
  ) {
    super(message);
  }
}
