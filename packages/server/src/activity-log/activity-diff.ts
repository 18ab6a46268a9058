import type { ActivityChange, ActivityScope } from './activity-entry.ts';

/**
 * Largest JSON text kept for one side of one field. A flag's filters can be megabytes (thousands of
 * conditions); logging them whole on every edit would grow the log by the flag's size per click. Bigger
 * values are stored as a marker with their size, which still says *that* the field changed.
 */
export const MAX_CHANGE_VALUE_CHARS = 64 * 1024;

/** The marker a too-large value is replaced with; `revert` refuses entries holding one. */
export interface TruncatedValue {
  $truncated: true;
  chars: number;
}

export function isTruncated(value: unknown): value is TruncatedValue {
  return (
    typeof value === 'object' && value !== null && (value as { $truncated?: unknown }).$truncated === true
  );
}

function bounded(value: unknown, text: string | undefined): unknown {
  if (text === undefined) return null;
  return text.length > MAX_CHANGE_VALUE_CHARS ? { $truncated: true, chars: text.length } : value;
}

/**
 * PostHog's `detail.changes`: one item per top-level field whose JSON differs. `before` null means the
 * item was created, `after` null that it was deleted. Fields in `ignore` (timestamps, counters) are
 * bookkeeping, not changes a person made.
 */
export function diffFields(
  type: ActivityScope,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  ignore: ReadonlySet<string> = new Set(),
): ActivityChange[] {
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: ActivityChange[] = [];
  for (const field of fields) {
    if (ignore.has(field)) continue;
    const b = before ? JSON.stringify(before[field]) : undefined;
    const a = after ? JSON.stringify(after[field]) : undefined;
    if (b === a) continue;
    changes.push({
      type,
      action: before === null ? 'created' : after === null ? 'deleted' : 'changed',
      field,
      before: bounded(before?.[field], b),
      after: bounded(after?.[field], a),
    });
  }
  return changes;
}
