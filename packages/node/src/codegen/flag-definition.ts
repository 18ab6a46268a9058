import { CodegenError } from './codegen-error.ts';

/** The part of PostHog's FeatureFlag resource that shapes the generated types. */
export interface FlagDefinition {
  key: string;
  name: string;
  active: boolean;
  /** Variant keys of a multivariate flag; `undefined` for an on/off flag. */
  variants: string[] | undefined;
  /** Payload JSON text by match value (`true` or a variant key), as the API stores it. */
  payloads: Record<string, string>;
}

export interface FlagPage {
  flags: FlagDefinition[];
  next: string | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function invalid(detail: string): CodegenError {
  return new CodegenError(
    'INVALID_RESPONSE',
    `The feature_flags API answered an unexpected shape: ${detail}.`,
  );
}

/** Validates one page of `GET /api/projects/@current/feature_flags/`; deleted flags are left out. */
export function parseFlagPage(body: unknown, archived = false): FlagPage {
  if (!isRecord(body) || !Array.isArray(body.results)) throw invalid('no "results" array');
  const next = typeof body.next === 'string' && body.next !== '' ? body.next : null;
  // A server that ignores `?archived=` answers every flag: keep only the ones in the list asked for.
  const flags = body.results
    .filter((r) => !(isRecord(r) && (r.deleted === true || (r.archived === true) !== archived)))
    .map(parseFlag);
  return { flags, next };
}

function parseFlag(raw: unknown, index: number): FlagDefinition {
  if (!isRecord(raw) || typeof raw.key !== 'string' || raw.key === '')
    throw invalid(`result ${index} has no key`);
  const filters = isRecord(raw.filters) ? raw.filters : {};
  const multivariate = isRecord(filters.multivariate) ? filters.multivariate : undefined;
  const variants = Array.isArray(multivariate?.variants)
    ? multivariate.variants.flatMap((v) => (isRecord(v) && typeof v.key === 'string' ? [v.key] : []))
    : undefined;
  const payloads: Record<string, string> = {};
  if (isRecord(filters.payloads)) {
    for (const [match, text] of Object.entries(filters.payloads)) {
      // PostHog stores payloads as JSON text; tolerate servers that answer the decoded value.
      if (text !== null && text !== undefined)
        payloads[match] = typeof text === 'string' ? text : JSON.stringify(text);
    }
  }
  return {
    key: raw.key,
    name: typeof raw.name === 'string' ? raw.name : '',
    active: raw.active !== false,
    variants: variants && variants.length > 0 ? variants : undefined,
    payloads,
  };
}
