import type { Alert, AlertState } from './alert.ts';

const STATE_NAMES: Record<AlertState, 'Firing' | 'Not firing' | 'Errored'> = {
  firing: 'Firing',
  not_firing: 'Not firing',
  errored: 'Errored',
};

function checkStateJson(a: Alert) {
  return {
    id: a.id,
    name: a.name,
    enabled: a.enabled,
    check_interval_minutes: a.checkIntervalMinutes,
    state: STATE_NAMES[a.state],
    last_value: a.lastValue,
    last_message: a.lastMessage,
    last_checked_at: a.lastCheckedAt?.toISOString() ?? null,
    next_check_at: a.nextCheckAt.toISOString(),
    created_at: a.createdAt.toISOString(),
    created_by: a.createdBy,
  };
}

/** An insight alert in PostHog's shape; guardrails answer through `guardrailJson`. */
export function alertJson(a: Alert) {
  if (a.spec.kind !== 'insight') throw new TypeError(`alert ${a.id} is a guardrail`);
  return {
    ...checkStateJson(a),
    insight: a.spec.insightId,
    condition: { type: a.spec.condition },
    threshold: {
      configuration: { type: a.spec.thresholdType, bounds: { lower: a.spec.lower, upper: a.spec.upper } },
    },
    config: { type: 'TrendsAlertConfig' as const, series_index: a.spec.seriesIndex },
    action: a.action && { type: a.action.type, flag: a.action.flagId },
  };
}

export function guardrailJson(a: Alert) {
  if (a.spec.kind === 'srm')
    return {
      ...checkStateJson(a),
      type: 'srm' as const,
      flag: a.spec.flagId,
      event: '$feature_flag_called',
      denominator_event: null,
      threshold: a.spec.pValue,
      window_minutes: a.spec.windowMinutes,
      critical: a.spec.critical,
    };
  if (a.spec.kind !== 'guardrail') throw new TypeError(`alert ${a.id} is not a guardrail`);
  return {
    ...checkStateJson(a),
    type: 'event' as const,
    flag: a.spec.flagId,
    event: a.spec.event,
    denominator_event: a.spec.denominatorEvent,
    threshold: a.spec.upper,
    window_minutes: a.spec.windowMinutes,
    critical: a.spec.critical,
  };
}
