import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError } from '../errors/app-error.ts';
import type { Logger } from '../util/logger.ts';

export interface ErrorBody {
  type: string;
  code: string;
  detail: string;
  attr: string | null;
  [extra: string]: unknown;
}

export function errorBody(error: AppError): ErrorBody {
  return { type: error.type, code: error.code, detail: error.detail, attr: error.attr, ...error.extra };
}

/** The one place where errors become HTTP: AppErrors keep their status, anything else is a logged 500. */
export function respondWithError(c: Context, error: unknown, logger: Logger): Response {
  const appError =
    error instanceof AppError
      ? error
      : new AppError('INTERNAL_ERROR', 'The server failed to handle this request; it has been logged.');
  if (!(error instanceof AppError))
    logger.error('unhandled error', { path: c.req.path, error: String(error) });
  return c.json(errorBody(appError), appError.status as ContentfulStatusCode);
}
