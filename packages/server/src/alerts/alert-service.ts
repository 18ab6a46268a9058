import { randomUUID } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';
import { SRM_P_VALUE_THRESHOLD } from '../experiments/stats/sample-ratio-mismatch.ts';
import type { Insight } from '../insights/insight.ts';
import { insightSource } from '../insights/insight-query.ts';
import {
  type Alert,
  type FlagGuardrailSpec,
  type GuardrailSpec,
  type InsightAlertSpec,
  isFlagGuardrail,
} from './alert.ts';
import type {
  CreateAlertInput,
  CreateGuardrailInput,
  UpdateAlertInput,
  UpdateGuardrailInput,
} from './alert-schemas.ts';
import type { AlertStore } from './alert-store.ts';

export interface AlertServiceDeps {
  store: AlertStore;
  /** A live saved insight of the project, if there is one. */
  insight: (projectId: number, id: number) => Insight | undefined;
  /** The flag's key if the flag exists (live) in the environment's project. */
  flagKey: (environmentId: number, flagId: number) => string | undefined;
  /** How many variants the flag splits its users into (0 for a boolean flag): an SRM check needs two or more. */
  variantCount?: (environmentId: number, flagId: number) => number;
  projectIdOf: (environmentId: number) => number;
  now?: () => Date;
}

const DEFAULT_INTERVAL_MINUTES = 60;
const DEFAULT_GUARDRAIL_MINUTES = 5;

/**
 * Alerts on saved trends insights and guardrails on flags, validated whole before anything is stored. Services
 * take the environment id of the request: alerts are the project's, checked against that environment's events.
 */
export class AlertService {
  private readonly now: () => Date;

  constructor(private readonly deps: AlertServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async listAlerts(environmentId: number, insightId?: number): Promise<Alert[]> {
    return (await this.deps.store.list(this.deps.projectIdOf(environmentId))).filter(
      (a) => a.spec.kind === 'insight' && (insightId === undefined || a.spec.insightId === insightId),
    );
  }

  async listGuardrails(environmentId: number, flagId: number): Promise<Alert[]> {
    return (await this.deps.store.list(this.deps.projectIdOf(environmentId))).filter(
      (a) => isFlagGuardrail(a.spec) && a.spec.flagId === flagId,
    );
  }

  /** `guardrail` answers any of a flag's guardrails (event or SRM). */
  async get(environmentId: number, id: string, kind: 'insight' | 'guardrail'): Promise<Alert> {
    const a = await this.deps.store.get(id);
    const isKind =
      kind === 'insight' ? a?.spec.kind === 'insight' : a !== undefined && isFlagGuardrail(a.spec);
    if (!a || a.projectId !== this.deps.projectIdOf(environmentId) || !isKind)
      throw new AppError(
        'ALERT_NOT_FOUND',
        `No ${kind === 'insight' ? 'alert' : 'guardrail'} with id ${id}.`,
      );
    return a;
  }

  async createAlert(environmentId: number, input: CreateAlertInput, actor: string): Promise<Alert> {
    const spec = this.insightSpec(environmentId, input, undefined);
    const alert = this.fresh(environmentId, actor, {
      name: input.name ?? `Alert on insight ${spec.insightId}`,
      enabled: input.enabled ?? true,
      spec,
      action: this.action(environmentId, input.action),
      checkIntervalMinutes: input.check_interval_minutes ?? DEFAULT_INTERVAL_MINUTES,
    });
    await this.deps.store.insert(alert);
    return alert;
  }

  async updateAlert(environmentId: number, id: string, input: UpdateAlertInput): Promise<Alert> {
    const stored = await this.get(environmentId, id, 'insight');
    const spec = this.insightSpec(environmentId, input, stored.spec as InsightAlertSpec);
    const action =
      input.action === undefined ? stored.action : this.action(stored.environmentId, input.action);
    return this.save(stored, input, { spec, action });
  }

  async createGuardrail(
    environmentId: number,
    flagId: number,
    input: CreateGuardrailInput,
    actor: string,
  ): Promise<Alert> {
    const key = this.flagKey(environmentId, flagId, 'flag');
    const spec = this.guardrailSpec(environmentId, flagId, input, undefined);
    const alert = this.fresh(environmentId, actor, {
      name: input.name ?? `${spec.kind === 'srm' ? 'Sample ratio' : spec.event} guardrail on ${key}`,
      enabled: input.enabled ?? true,
      spec,
      action: null,
      checkIntervalMinutes: input.check_interval_minutes ?? DEFAULT_GUARDRAIL_MINUTES,
    });
    await this.deps.store.insert(alert);
    return alert;
  }

  async updateGuardrail(
    environmentId: number,
    flagId: number,
    id: string,
    input: UpdateGuardrailInput,
  ): Promise<Alert> {
    const stored = await this.get(environmentId, id, 'guardrail');
    if (!isFlagGuardrail(stored.spec) || stored.spec.flagId !== flagId)
      throw new AppError('ALERT_NOT_FOUND', `No guardrail with id ${id} on flag ${flagId}.`);
    const spec = this.guardrailSpec(environmentId, flagId, input, stored.spec);
    return this.save(stored, input, { spec, action: null });
  }

  /** Whether `id` is one of this flag's guardrails in the environment's project (plan steps wait on them). */
  async isGuardrailOf(environmentId: number, flagId: number, id: string): Promise<boolean> {
    const a = await this.deps.store.get(id);
    return (
      a !== undefined &&
      a.projectId === this.deps.projectIdOf(environmentId) &&
      isFlagGuardrail(a.spec) &&
      a.spec.flagId === flagId
    );
  }

  async remove(environmentId: number, id: string, kind: 'insight' | 'guardrail'): Promise<void> {
    await this.get(environmentId, id, kind);
    await this.deps.store.delete(id);
  }

  private async save(
    stored: Alert,
    input: {
      name?: string | undefined;
      enabled?: boolean | undefined;
      check_interval_minutes?: number | undefined;
    },
    changed: Pick<Alert, 'spec' | 'action'>,
  ): Promise<Alert> {
    // An edited alert is checked at once: its old verdict says nothing about the new condition.
    const next: Alert = {
      ...stored,
      ...changed,
      name: input.name ?? stored.name,
      enabled: input.enabled ?? stored.enabled,
      checkIntervalMinutes: input.check_interval_minutes ?? stored.checkIntervalMinutes,
      nextCheckAt: this.now(),
    };
    await this.deps.store.update(next);
    return next;
  }

  private fresh(
    environmentId: number,
    actor: string,
    settings: Pick<Alert, 'name' | 'enabled' | 'spec' | 'action' | 'checkIntervalMinutes'>,
  ): Alert {
    const now = this.now();
    return {
      id: randomUUID(),
      projectId: this.deps.projectIdOf(environmentId),
      environmentId,
      ...settings,
      createdAt: now,
      createdBy: actor,
      state: 'not_firing',
      lastValue: null,
      lastCheckedAt: null,
      lastMessage: null,
      nextCheckAt: now,
    };
  }

  private insightSpec(
    environmentId: number,
    input: UpdateAlertInput,
    before: InsightAlertSpec | undefined,
  ): InsightAlertSpec {
    const insightId = input.insight ?? before?.insightId;
    if (insightId === undefined) throw new AppError('INVALID_BODY', 'Name the insight to watch.', 'insight');
    const insight = this.deps.insight(this.deps.projectIdOf(environmentId), insightId);
    if (!insight)
      throw new AppError('ALERT_INSIGHT_NOT_FOUND', `No saved insight with id ${insightId}.`, 'insight');
    if (!isTrends(insight))
      throw new AppError(
        'ALERT_INSIGHT_NOT_TRENDS',
        `Insight ${insightId} is not a trends insight; alerts watch trends series only.`,
        'insight',
      );
    const configuration = input.threshold?.configuration;
    const lower =
      configuration?.bounds?.lower ?? (input.threshold === undefined ? before?.lower : null) ?? null;
    const upper =
      configuration?.bounds?.upper ?? (input.threshold === undefined ? before?.upper : null) ?? null;
    if (lower === null && upper === null)
      throw new AppError(
        'ALERT_THRESHOLD_MISSING',
        'Set threshold.configuration.bounds.lower and/or .upper.',
        'threshold.configuration.bounds',
      );
    return {
      kind: 'insight',
      insightId,
      seriesIndex: input.config?.series_index ?? before?.seriesIndex ?? 0,
      condition: input.condition?.type ?? before?.condition ?? 'absolute_value',
      thresholdType: configuration?.type ?? before?.thresholdType ?? 'absolute',
      lower,
      upper,
    };
  }

  private guardrailSpec(
    environmentId: number,
    flagId: number,
    input: UpdateGuardrailInput,
    before: FlagGuardrailSpec | undefined,
  ): FlagGuardrailSpec {
    const type = input.type ?? (before?.kind === 'srm' ? 'srm' : 'event');
    if (type === 'event')
      return eventGuardrailSpec(flagId, input, before?.kind === 'guardrail' ? before : undefined);
    const variants = this.deps.variantCount?.(environmentId, flagId) ?? 0;
    if (variants < 2)
      throw new AppError(
        'GUARDRAIL_FLAG_NOT_MULTIVARIATE',
        `Flag ${flagId} has ${variants} variants; a sample ratio check needs a multivariate flag.`,
        'type',
      );
    const previous = before?.kind === 'srm' ? before : undefined;
    const pValue = input.threshold ?? previous?.pValue ?? SRM_P_VALUE_THRESHOLD;
    if (!(pValue > 0 && pValue < 1))
      throw new AppError(
        'GUARDRAIL_THRESHOLD_OUT_OF_RANGE',
        `An SRM threshold is a p-value between 0 and 1 (exclusive); got ${pValue}.`,
        'threshold',
      );
    return {
      kind: 'srm',
      flagId,
      pValue,
      windowMinutes: input.window_minutes ?? previous?.windowMinutes ?? 24 * 60,
      critical: input.critical ?? previous?.critical ?? false,
    };
  }

  private action(environmentId: number, input: CreateAlertInput['action']): Alert['action'] {
    if (!input) return null;
    this.flagKey(environmentId, input.flag, 'action.flag');
    return { type: 'disable_flag', flagId: input.flag };
  }

  private flagKey(environmentId: number, flagId: number, attr: string): string {
    const key = this.deps.flagKey(environmentId, flagId);
    if (key === undefined)
      throw new AppError('ALERT_FLAG_NOT_FOUND', `No feature flag with id ${flagId} in this project.`, attr);
    return key;
  }
}

function isTrends(insight: Insight): boolean {
  try {
    return insightSource(insight.query).kind === 'TrendsQuery';
  } catch {
    return false;
  }
}

function eventGuardrailSpec(
  flagId: number,
  input: UpdateGuardrailInput,
  before: GuardrailSpec | undefined,
): GuardrailSpec {
  const upper = input.threshold ?? (input.threshold === undefined ? before?.upper : undefined);
  if (upper === undefined || upper === null)
    throw new AppError(
      'ALERT_THRESHOLD_MISSING',
      'Set threshold: the value the guardrail stays below.',
      'threshold',
    );
  const event = input.event ?? before?.event;
  if (event === undefined) throw new AppError('INVALID_BODY', 'Name the event to count.', 'event');
  const denominatorEvent =
    input.denominator_event === undefined ? (before?.denominatorEvent ?? null) : input.denominator_event;
  // A rate is a share of the denominator's events: a line above 1 could never be crossed.
  if (denominatorEvent !== null && upper > 1)
    throw new AppError(
      'GUARDRAIL_THRESHOLD_OUT_OF_RANGE',
      `A rate guardrail's threshold is a fraction between 0 and 1; got ${upper}.`,
      'threshold',
    );
  return {
    kind: 'guardrail',
    flagId,
    event,
    denominatorEvent,
    upper,
    windowMinutes: input.window_minutes ?? before?.windowMinutes ?? 60,
    critical: input.critical ?? before?.critical ?? false,
  };
}
