import type { IngestionService } from '../ingestion/ingestion-service.ts';
import type { OfrepEvaluation } from './ofrep-result.ts';

const MAX_REMEMBERED = 50_000;

/**
 * Records OFREP reads as `$feature_flag_called`, the event PostHog experiments count as exposures, once per
 * (person, flag, value) as PostHog's SDKs do: a server provider asks on every read, which would otherwise count
 * one person many times.
 */
export class OfrepExposures {
  private readonly seen = new Set<string>();

  constructor(private readonly ingestion: IngestionService) {}

  async record(
    token: string,
    distinctId: string,
    groups: Record<string, string>,
    evaluations: OfrepEvaluation[],
  ): Promise<void> {
    const batch: unknown[] = [];
    for (const e of evaluations) {
      if (e.errorCode) continue;
      const response = e.variant === undefined ? false : e.variant === 'true' ? true : e.variant;
      const key = `${distinctId}\u0000${e.key}\u0000${String(response)}`;
      if (this.seen.has(key)) continue;
      if (this.seen.size >= MAX_REMEMBERED) this.seen.clear();
      this.seen.add(key);
      batch.push({
        event: '$feature_flag_called',
        distinct_id: distinctId,
        properties: {
          $feature_flag: e.key,
          $feature_flag_response: response,
          $feature_flag_reason: e.reason,
          ...(e.metadata?.flagId !== undefined ? { $feature_flag_id: e.metadata.flagId } : {}),
          ...(e.metadata?.version !== undefined ? { $feature_flag_version: e.metadata.version } : {}),
          ...(Object.keys(groups).length > 0 ? { $groups: groups } : {}),
          $lib: 'ofrep',
        },
      });
    }
    if (batch.length === 0) return;
    // Through the capture pipeline, awaited: an exposure is stored before the evaluation is answered.
    await this.ingestion.capture({
      body: {
        bytes: Buffer.from(JSON.stringify({ api_key: token, batch })),
        contentType: 'application/json',
        contentEncoding: undefined,
        compression: undefined,
        queryData: undefined,
      },
      queryToken: token,
      querySentAt: undefined,
      ip: undefined,
      userAgent: undefined,
    });
  }
}
