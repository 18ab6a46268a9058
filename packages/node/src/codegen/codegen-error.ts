export type CodegenErrorCode =
  | 'INVALID_ARGUMENTS'
  | 'UNREACHABLE'
  | 'UNAUTHORIZED'
  | 'HTTP_ERROR'
  | 'INVALID_RESPONSE'
  | 'UNKNOWN_ENVIRONMENT'
  | 'MISSING_IN_ENVIRONMENT'
  | 'OUT_OF_DATE'
  | 'RETIRED_FLAGS_IN_CODE';

/** Why `signpost-codegen` could not produce (or confirm) the typed-flags module. */
export class CodegenError extends Error {
  override readonly name = 'CodegenError';

  constructor(
    readonly code: CodegenErrorCode,
    message: string,
  ) {
    super(message);
  }
}
