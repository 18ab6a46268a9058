import type { FlagFilters } from '@signpost/flags-engine';
import { AppError } from '../errors/app-error.ts';
import type { FlagSettings } from './flag-environment-view.ts';
import { variantKeys } from './flag-environment-view.ts';

export interface SettingDifference {
  field: string;
  from: unknown;
  to: unknown;
}

const canonical = (v: unknown) => JSON.stringify(v ?? null);

/** Field by field (`active`, `filters.groups`, `filters.multivariate`, …): what promoting `from` would change in `to`. */
export function settingsDiff(from: FlagSettings, to: FlagSettings): SettingDifference[] {
  const out: SettingDifference[] = [];
  if (from.active !== to.active) out.push({ field: 'active', from: from.active, to: to.active });
  const keys = new Set([...Object.keys(from.filters), ...Object.keys(to.filters)]);
  for (const key of [...keys].sort()) {
    const a = (from.filters as Record<string, unknown>)[key];
    const b = (to.filters as Record<string, unknown>)[key];
    if (canonical(a) !== canonical(b)) out.push({ field: `filters.${key}`, from: a ?? null, to: b ?? null });
  }
  return out;
}

/** Payloads are JSON-encoded strings (or values); their shape is the JSON type they decode to. */
function payloadShape(value: unknown): string {
  let decoded = value;
  if (typeof value === 'string') {
    try {
      decoded = JSON.parse(value);
    } catch {
      decoded = value;
    }
  }
  if (decoded === null) return 'null';
  return Array.isArray(decoded) ? 'array' : typeof decoded;
}

/**
 * Code reads a flag's variants and payloads in one shape; promoting settings whose variant keys or payload
 * types differ from the target's would hand that code something it does not expect.
 */
export function assertSameShape(flagKey: string, from: FlagFilters, to: FlagFilters): void {
  if (variantKeys(from) !== variantKeys(to))
    throw new AppError(
      'PROMOTION_SHAPE_MISMATCH',
      `Flag "${flagKey}": its variants differ between the environments (${variantKeys(from)} vs ${variantKeys(to)}).`,
      'filters.multivariate',
    );
  const a = from.payloads ?? {};
  const b = to.payloads ?? {};
  for (const key of Object.keys(a)) {
    if (!Object.hasOwn(b, key)) continue;
    const shapeFrom = payloadShape(a[key]);
    const shapeTo = payloadShape(b[key]);
    if (shapeFrom !== shapeTo)
      throw new AppError(
        'PROMOTION_SHAPE_MISMATCH',
        `Flag "${flagKey}": the payload of "${key}" is ${shapeFrom === 'object' ? 'an' : 'a'} ${shapeFrom} here and ${shapeTo === 'object' ? 'an' : 'a'} ${shapeTo} in the target.`,
        `filters.payloads.${key}`,
      );
  }
}

/** The keys of the flags a flag's conditions depend on. */
export function dependencyKeys(filters: FlagFilters): string[] {
  const keys: string[] = [];
  for (const g of filters.groups ?? [])
    for (const p of g.properties ?? []) if (p.type === 'flag' && typeof p.key === 'string') keys.push(p.key);
  return keys;
}
