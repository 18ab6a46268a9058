import {
  type Definitions,
  type EvaluationContext,
  type EvaluationResult,
  evaluate,
  type FlagDefinition,
} from '@signpost/flags-engine';
import type { CohortService } from '../cohorts/cohort-service.ts';
import { AppError } from '../errors/app-error.ts';
import type { Person } from '../persons/person.ts';
import { LocalWrites } from '../util/local-writes.ts';
import { ownValue } from '../util/own-keys.ts';
import type { FeatureFlag } from './feature-flag.ts';
import { type DefinitionsSnapshot, snapshotDefinitions, toDefinition } from './flag-definitions.ts';
import type { FlagService } from './flag-service.ts';
import type { FlagStore, HashKeyOverride } from './flag-store.ts';
import type { FlagsRequest } from './flags-request.ts';
import type { IdentitySource } from './identity-source.ts';

export interface FlagResult {
  flag: FeatureFlag;
  result: EvaluationResult;
  /** The flag runs an experiment now: SDKs list it among the user's active experiments. */
  hasExperiment?: boolean;
}

/** Which flags run an experiment now; `revision` moves whenever that set may have changed. */
export interface ExperimentMarkers {
  readonly revision: number;
  runningFlagIds(projectId: number): ReadonlySet<number>;
}

/** The flags `/flags` evaluates, in order, each with its definition: rebuilt only when the definitions change. */
interface EvaluationPlan {
  definitions: Definitions;
  evaluable: { flag: FeatureFlag; definition: FlagDefinition; hasExperiment: boolean }[];
  /** Switched-off flags, answered (as false) only to requests that ask for them. */
  inactive: { flag: FeatureFlag; definition: FlagDefinition }[];
}

export interface FlagEvaluationDeps {
  flags: FlagService;
  cohorts: CohortService;
  identity: IdentitySource;
  store: FlagStore;
  experiments?: ExperimentMarkers;
  /** The project of an environment (cohorts and experiments are the project's); absent = the same id. */
  projectIdOf?: (environmentId: number) => number;
  now?: () => Date;
  /** Counts what each request was answered (flag usage and staleness); absent, nothing is counted. */
  usage?: { recordResults(environmentId: number, results: readonly FlagResult[]): void };
}

/**
 * Server-side evaluation for `/flags` and `/decide`: the engine in server mode over the stored person and group
 * properties, overlaid by what the request sends (the request wins), as PostHog's flags service does.
 */
export class FlagEvaluationService {
  private readonly snapshots = new Map<number, { key: string; snapshot: DefinitionsSnapshot }>();
  private readonly plans = new Map<number, EvaluationPlan>();
  private readonly overrides = new Map<string, string>();
  private readonly now: () => Date;
  private readonly writes = new LocalWrites();

  constructor(private readonly deps: FlagEvaluationDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async start(): Promise<void> {
    await this.reload();
  }

  /**
   * Re-reads the experience-continuity overrides (another node stored some). Definitions and plans need no
   * reload: they are rebuilt when the flag, cohort or experiment revision they were built from moves.
   */
  async reload(): Promise<void> {
    const overrides = await this.writes.readStable(() => this.deps.store.listHashKeyOverrides());
    if (!overrides) return;
    this.overrides.clear();
    for (const o of overrides) this.overrides.set(overrideKey(o), o.hashKey);
  }

  /** Definitions for local evaluation, rebuilt only when flags, cohorts or group types changed. */
  definitions(projectId: number): DefinitionsSnapshot {
    const groupTypes = this.deps.identity.groupTypes(projectId);
    const experiments = this.deps.experiments;
    const key = `${this.deps.flags.revision}:${this.deps.cohorts.revision}:${groupTypes.size}:${experiments?.revision ?? 0}`;
    const cached = this.snapshots.get(projectId);
    if (cached?.key === key) return cached.snapshot;
    // `projectId` is the environment asked about; cohorts and experiments belong to its project.
    const owner = this.deps.projectIdOf?.(projectId) ?? projectId;
    const snapshot = snapshotDefinitions(
      this.deps.flags.servedFlags(projectId),
      groupTypes,
      this.deps.cohorts.definitions(owner),
      experiments?.runningFlagIds(owner),
    );
    this.snapshots.set(projectId, { key, snapshot });
    return snapshot;
  }

  private plan(projectId: number): EvaluationPlan {
    const { definitions } = this.definitions(projectId);
    const cached = this.plans.get(projectId);
    if (cached?.definitions === definitions) return cached;
    const byKey = new Map(definitions.flags.map((d) => [d.key, d]));
    const evaluable: EvaluationPlan['evaluable'] = [];
    const inactive: EvaluationPlan['inactive'] = [];
    const running = this.deps.experiments?.runningFlagIds(this.deps.projectIdOf?.(projectId) ?? projectId);
    for (const flag of this.deps.flags.servedFlags(projectId)) {
      // Remote-config flags are left out of local-evaluation definitions but evaluated here as any other flag,
      // so `getFeatureFlagPayload` on one answers its payload (as PostHog's /flags does).
      const definition = flag.isRemoteConfiguration ? toDefinition(flag) : byKey.get(flag.key);
      if (!definition) continue;
      if (flag.active) evaluable.push({ flag, definition, hasExperiment: running?.has(flag.id) ?? false });
      else inactive.push({ flag, definition });
    }
    const plan = { definitions, evaluable, inactive };
    this.plans.set(projectId, plan);
    return plan;
  }

  async evaluate(projectId: number, req: FlagsRequest): Promise<FlagResult[]> {
    if (req.disableFlags) return [];
    const { definitions, evaluable, inactive } = this.plan(projectId);
    // Identity storage down (PostgreSQL in distributed mode): flags still answer from memory; those whose
    // conditions read stored properties are reported as not computed, so SDKs keep their last values.
    let degraded = false;
    const orNothing = <T>(lookup: Promise<T | undefined>) =>
      lookup.catch((error: unknown) => {
        if (!(error instanceof AppError) || error.code !== 'STORAGE_UNAVAILABLE') throw error;
        degraded = true;
        return undefined;
      });
    const person = await orNothing(this.deps.identity.lookupPerson(projectId, req.distinctId));
    // Entries and own-key reads: group type names are the caller's strings (`__proto__`, `constructor`…).
    const groupEntries: [string, Record<string, unknown>][] = [];
    for (const [type, key] of Object.entries(req.groups)) {
      const stored = await orNothing(this.deps.identity.lookupGroup(projectId, type, key));
      groupEntries.push([type, { ...stored?.properties, ...ownValue(req.groupProperties, type) }]);
    }
    const groupProperties = Object.fromEntries(groupEntries);
    const distinctIds = person?.distinctIds ?? [req.distinctId];
    const context: EvaluationContext = {
      distinctId: req.distinctId,
      personProperties: { ...person?.properties, ...req.personProperties },
      groups: req.groups,
      groupProperties,
      now: this.now(),
      mode: 'server',
      cohortMembership: (id) => this.deps.cohorts.membership(Number(id), distinctIds, projectId),
      ...(req.deviceId ? { deviceId: req.deviceId } : {}),
    };
    const wanted = req.flagKeys ? new Set(req.flagKeys) : undefined;
    const out: FlagResult[] = [];
    for (const { flag, definition, hasExperiment } of evaluable) {
      if (wanted && !wanted.has(flag.key)) continue;
      if (!runtimeMatches(flag, req) || !contextsMatch(flag, req)) continue;
      const hashKeyOverride = flag.ensureExperienceContinuity
        ? await this.continuityKey(projectId, flag, person, req)
        : undefined;
      const evaluated = evaluate(
        definition,
        definitions,
        hashKeyOverride ? { ...context, hashKeyOverride } : context,
      );
      const result: EvaluationResult =
        degraded && readsProperties(definition)
          ? {
              key: flag.key,
              inconclusive: true,
              reason: { code: 'missing_context', detail: 'identity storage unavailable' },
            }
          : evaluated;
      out.push(hasExperiment ? { flag, result, hasExperiment } : { flag, result });
    }
    // Signpost's SDK asks for switched-off flags so that a kill switch read with `default: true` turns the
    // feature off instead of looking unknown (PostHog's /flags leaves them out, and so do we by default).
    if (req.includeInactive)
      for (const { flag, definition } of inactive)
        if (!wanted || wanted.has(flag.key))
          out.push({ flag, result: evaluate(definition, definitions, context) });
    this.deps.usage?.recordResults(projectId, out);
    return out;
  }

  /**
   * Experience continuity (compat notes §3.6): the stored override for (person, flag), else the request's
   * `$anon_distinct_id`, remembered the first time so the person keeps the bucket they had while anonymous.
   */
  private async continuityKey(
    projectId: number,
    flag: FeatureFlag,
    person: Person | undefined,
    req: FlagsRequest,
  ): Promise<string | undefined> {
    if (!person) return req.anonDistinctId;
    const key = overrideKey({ projectId, personId: person.id, flagKey: flag.key });
    const stored = this.overrides.get(key);
    if (stored !== undefined || !req.anonDistinctId) return stored;
    const override = { projectId, personId: person.id, flagKey: flag.key, hashKey: req.anonDistinctId };
    await this.writes.track(this.deps.store.insertHashKeyOverride(override));
    this.overrides.set(key, override.hashKey);
    return override.hashKey;
  }
}

const overrideKey = (o: Pick<HashKeyOverride, 'projectId' | 'personId' | 'flagKey'>) =>
  `${o.projectId}\u0000${o.personId}\u0000${o.flagKey}`;

function runtimeMatches(flag: FeatureFlag, req: FlagsRequest): boolean {
  if (!req.evaluationRuntime || req.evaluationRuntime === 'all' || flag.evaluationRuntime === 'all')
    return true;
  return flag.evaluationRuntime === req.evaluationRuntime;
}

function contextsMatch(flag: FeatureFlag, req: FlagsRequest): boolean {
  if (flag.evaluationContexts.length === 0) return true;
  return flag.evaluationContexts.some((c) => req.evaluationContexts?.includes(c) ?? false);
}

/** Whether any condition of a flag filters on properties (person, group or cohort), which need stored identities. */
function readsProperties(definition: FlagDefinition): boolean {
  return (definition.filters.groups ?? []).some((g) => (g.properties?.length ?? 0) > 0);
}
