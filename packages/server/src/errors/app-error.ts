import { ERROR_CODES, type ErrorCode } from './error-codes.ts';

/** A failure the client can act on: a stable code, a human sentence and the offending field, if any. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail: string;
  readonly attr: string | null;
  readonly extra: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, detail: string, attr: string | null = null, extra?: Record<string, unknown>) {
    super(`${code}: ${detail}`);
    this.name = 'AppError';
    this.code = code;
    this.detail = detail;
    this.attr = attr;
    this.extra = extra;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  get type(): string {
    return ERROR_CODES[this.code].type;
  }
}
