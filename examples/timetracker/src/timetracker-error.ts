/** Stable codes for what can go wrong in the example outside a request (start-up, flag set-up). */
export type TimetrackerErrorCode = 'INVALID_CONFIG' | 'FLAG_SETUP_FAILED';

export class TimetrackerError extends Error {
  override readonly name = 'TimetrackerError';

  constructor(
    readonly code: TimetrackerErrorCode,
    message: string,
  ) {
    super(message);
  }
}
