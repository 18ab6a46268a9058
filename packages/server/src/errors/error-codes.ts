/**
 * Every error the server can answer with, declared once. The code is the stable, machine-readable part of
 * the contract (CONTRACT.md "Errors"); the HTTP status and type are derived from it in one place.
 */
export const ERROR_CODES = {
  EMPTY_BODY: { status: 400, type: 'validation_error' },
  INVALID_JSON: { status: 400, type: 'validation_error' },
  INVALID_COMPRESSION: { status: 400, type: 'validation_error' },
  INVALID_PAYLOAD: { status: 400, type: 'validation_error' },
  INVALID_EVENTS: { status: 400, type: 'validation_error' },
  INVALID_QUERY: { status: 400, type: 'validation_error' },
  INVALID_BODY: { status: 400, type: 'validation_error' },
  INVALID_FLAG: { status: 400, type: 'validation_error' },
  FLAG_KEY_EXISTS: { status: 400, type: 'validation_error' },
  INVALID_COHORT: { status: 400, type: 'validation_error' },
  COHORT_IN_USE: { status: 400, type: 'validation_error' },
  MIXED_TOKENS: { status: 400, type: 'validation_error' },
  MISSING_TOKEN: { status: 401, type: 'authentication_error' },
  INVALID_TOKEN: { status: 401, type: 'authentication_error' },
  PERSONAL_KEY_AS_TOKEN: { status: 401, type: 'authentication_error' },
  AUTHENTICATION_REQUIRED: { status: 401, type: 'authentication_error' },
  INVALID_PERSONAL_KEY: { status: 401, type: 'authentication_error' },
  PROJECT_KEY_NOT_ALLOWED: { status: 403, type: 'permission_denied' },
  PROJECT_ACCESS_DENIED: { status: 403, type: 'permission_denied' },
  NOT_FOUND: { status: 404, type: 'not_found' },
  FLAG_NOT_FOUND: { status: 404, type: 'not_found' },
  COHORT_NOT_FOUND: { status: 404, type: 'not_found' },
  METHOD_NOT_ALLOWED: { status: 405, type: 'validation_error' },
  PAYLOAD_TOO_LARGE: { status: 413, type: 'validation_error' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, type: 'validation_error' },
  STORAGE_UNAVAILABLE: { status: 503, type: 'server_error' },
  SHUTTING_DOWN: { status: 503, type: 'server_error' },
  INTERNAL_ERROR: { status: 500, type: 'server_error' },
} as const satisfies Record<string, { status: number; type: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
