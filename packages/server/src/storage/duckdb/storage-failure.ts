/**
 * What a DuckDB error says about the storage itself, as opposed to the statement (a constraint, a type, a
 * syntax error), which stays the caller's problem. The driver reports only messages, so this reads them:
 * measured on DuckDB 1.5 against a full tmpfs, a commit whose WAL write fails is an ordinary
 * `TransactionContext Error ... No space left on device` and the database stays usable, while a checkpoint
 * that cannot write the database file is a `FATAL Error` that invalidates the instance until it is reopened
 * (also when it is the automatic checkpoint inside a commit, which DuckDB then reports as durable).
 */
export type StorageFailureKind = 'disk_full' | 'io' | 'invalidated';

export interface StorageFailure {
  kind: StorageFailureKind;
  /** True when the instance refuses everything from now on and must be closed and opened again. */
  invalidates: boolean;
  /** True when DuckDB reports the failing COMMIT as durable all the same (only the checkpoint after it failed). */
  committed: boolean;
  /** One line for operators: the kind and DuckDB's own first line. */
  reason: string;
}

const DISK_FULL = /no space left on device|disk (is )?full|ENOSPC|quota exceeded/i;
const IO = /IO Error|Could not (write|read|fsync|open|truncate)|Input\/output error|read-only file system/i;
const FATAL = /FATAL Error|database has been invalidated/i;
const DURABLE = /COMMIT succeeded and is durable/i;

export function classifyStorageError(error: unknown): StorageFailure | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const invalidates = FATAL.test(message);
  const kind: StorageFailureKind | undefined = DISK_FULL.test(message)
    ? 'disk_full'
    : IO.test(message)
      ? 'io'
      : invalidates
        ? 'invalidated'
        : undefined;
  if (!kind) return undefined;
  const firstLine = message.split('\n')[0]?.trim() ?? message;
  return {
    kind,
    invalidates,
    committed: DURABLE.test(message),
    reason: `${kind.replace('_', ' ')}: ${firstLine}`,
  };
}
