/**
 * The Capture V1 wire format (`POST /i/v1/analytics/events`, posthog-python `capture_mode="v1"`, posthog-go
 * `CaptureModeAnalyticsV1`), turned into the legacy `/batch/` envelope the capture pipeline already reads.
 *
 * V1 lifts a few sentinel properties out of `properties` (session and window ids to the top level, the rest into
 * a typed `options` object), carries the token as a Bearer header instead of in the body, and leaves `$lib` to
 * the `PostHog-Sdk-Info` header. Putting them back where the pipeline looks for them keeps one pipeline.
 */

/** Each `options` field and the property it stood for in the legacy format. */
const OPTION_PROPERTIES: Record<string, string> = {
  cookieless_mode: '$cookieless_mode',
  disable_skew_correction: '$ignore_sent_at',
  product_tour_id: '$product_tour_id',
  process_person_profile: '$process_person_profile',
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** `posthog-python/7.1.0` → `['posthog-python', '7.1.0']`. */
export function parseSdkInfo(header: string | undefined): { lib: string; version?: string } | undefined {
  if (!header) return undefined;
  const slash = header.indexOf('/');
  if (slash <= 0) return { lib: header.trim() };
  return { lib: header.slice(0, slash).trim(), version: header.slice(slash + 1).trim() };
}

/** One v1 event in the legacy shape; anything that is not an object is passed on for the pipeline to drop. */
export function legacyEvent(raw: unknown, sdk: ReturnType<typeof parseSdkInfo>): unknown {
  if (!isObject(raw)) return raw;
  const { session_id, window_id, options, properties, ...rest } = raw;
  const props: Record<string, unknown> = isObject(properties) ? { ...properties } : {};
  if (typeof session_id === 'string' && props.$session_id === undefined) props.$session_id = session_id;
  if (typeof window_id === 'string' && props.$window_id === undefined) props.$window_id = window_id;
  if (isObject(options)) {
    for (const [option, value] of Object.entries(options)) {
      const property = OPTION_PROPERTIES[option];
      if (property && value !== undefined && value !== null) props[property] = value;
    }
  }
  if (sdk && props.$lib === undefined) {
    props.$lib = sdk.lib;
    if (sdk.version) props.$lib_version = sdk.version;
  }
  return { ...rest, properties: props };
}

/** The whole v1 body as a legacy `/batch/` envelope carrying the Bearer token. */
export function legacyEnvelope(
  body: unknown,
  token: string | undefined,
  sdk: ReturnType<typeof parseSdkInfo>,
  requestTimestamp: string | undefined,
): unknown {
  if (!isObject(body) || !Array.isArray(body.batch)) return body;
  return {
    api_key: token,
    batch: body.batch.map((e) => legacyEvent(e, sdk)),
    historical_migration: body.historical_migration === true,
    // Clock-skew correction measures against the moment this attempt was sent, which v1 gives in a header.
    ...(requestTimestamp ? { sent_at: requestTimestamp } : {}),
  };
}

/** The uuid of each event, by its index in the batch, to key the per-event answer. */
export function eventUuids(body: unknown): (string | undefined)[] {
  if (!isObject(body) || !Array.isArray(body.batch)) return [];
  return body.batch.map((e) => (isObject(e) && typeof e.uuid === 'string' ? e.uuid : undefined));
}
