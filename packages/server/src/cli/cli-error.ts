/** Stable codes for the command-line tools' failures; the CLI prints `code: message` and exits non-zero. */
export type CliErrorCode =
  | 'INVALID_ARGUMENTS'
  | 'DATA_DIR_LOCKED'
  | 'PROJECT_NOT_FOUND'
  | 'NO_FREE_GROUP_TYPE'
  | 'EXPORT_FAILED'
  | 'TARGET_UNREACHABLE'
  | 'TARGET_NOT_EMPTY'
  | 'VERIFY_FAILED'
  | 'BACKUP_FAILED'
  | 'BACKUP_UNSUPPORTED'
  | 'BACKUP_INVALID'
  | 'TARGET_REFUSED'
  | 'SOURCE_UNREADABLE';

export class CliError extends Error {
  constructor(
    readonly code: CliErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
