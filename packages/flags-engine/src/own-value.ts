const hasOwn = Object.prototype.hasOwnProperty;

/**
 * `record[key]` by own keys only. Definitions are JSON keyed by user strings (variant names, cohort ids), and a
 * plain object answers `constructor` or `toString` with inherited functions; a variant of that name must read
 * as absent when it has no payload.
 */
export function ownValue<T>(
  record: Readonly<Record<string, T>> | null | undefined,
  key: string,
): T | undefined {
  return record != null && hasOwn.call(record, key) ? record[key] : undefined;
}
