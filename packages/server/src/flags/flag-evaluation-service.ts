import { type EvaluationContext, type EvaluationResult, evaluate } from '@signpost/flags-engine';
import type { CohortService } from '../cohorts/cohort-service.ts';
import type { Person } from '../persons/person.ts';
import type { FeatureFlag } from './feature-flag.ts';
import { type DefinitionsSnapshot, snapshotDefinitions } from './flag-definitions.ts';
import type { FlagService } from './flag-service.ts';
import type { FlagStore, HashKeyOverride } from './flag-store.ts';
import type { FlagsRequest } from './flags-request.ts';
import type { IdentitySource } from './identity-source.ts';

export interface FlagResult {
  flag: FeatureFlag;
  result: EvaluationResult;
}

export interface FlagEvaluationDeps {
  flags: FlagService;
  cohorts: CohortService;
  identity: IdentitySource;
  store: FlagStore;
  now?: () => Date;
}

/**
 * Server-side evaluation for `/flags` and `/decide`: the engine in server mode over the stored person and group
 * properties, overlaid by what the request sends (the request wins), as PostHog's flags service does.
 */
export class FlagEvaluationService {
  private readonly snapshots = new Map<number, { key: string; snapshot: DefinitionsSnapshot }>();
  private readonly overrides = new Map<string, string>();
  private readonly now: () => Date;

  constructor(private readonly deps: FlagEvaluationDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async start(): Promise<void> {
    for (const o of await this.deps.store.listHashKeyOverrides())
      this.overrides.set(overrideKey(o), o.hashKey);
  }

  /** Definitions for local evaluation, rebuilt only when flags, cohorts or group types changed. */
  definitions(projectId: number): DefinitionsSnapshot {
    const groupTypes = this.deps.identity.groupTypes(projectId);
    const key = `${this.deps.flags.revision}:${this.deps.cohorts.revision}:${groupTypes.size}`;
    const cached = this.snapshots.get(projectId);
    if (cached?.key === key) return cached.snapshot;
    const snapshot = snapshotDefinitions(
      this.deps.flags.liveFlags(projectId),
      groupTypes,
      this.deps.cohorts.definitions(projectId),
    );
    this.snapshots.set(projectId, { key, snapshot });
    return snapshot;
  }

  async evaluate(projectId: number, req: FlagsRequest): Promise<FlagResult[]> {
    if (req.disableFlags) return [];
    const { definitions } = this.definitions(projectId);
    const person = await this.deps.identity.lookupPerson(projectId, req.distinctId);
    const groupProperties: Record<string, Record<string, unknown>> = {};
    for (const [type, key] of Object.entries(req.groups)) {
      const stored = await this.deps.identity.lookupGroup(projectId, type, key);
      groupProperties[type] = { ...stored?.properties, ...req.groupProperties[type] };
    }
    const distinctIds = person?.distinctIds ?? [req.distinctId];
    const context: EvaluationContext = {
      distinctId: req.distinctId,
      personProperties: { ...person?.properties, ...req.personProperties },
      groups: req.groups,
      groupProperties,
      now: this.now(),
      mode: 'server',
      cohortMembership: (id) => this.deps.cohorts.staticMembership(Number(id), distinctIds),
      ...(req.deviceId ? { deviceId: req.deviceId } : {}),
    };
    const wanted = req.flagKeys ? new Set(req.flagKeys) : undefined;
    const out: FlagResult[] = [];
    for (const flag of this.deps.flags.liveFlags(projectId)) {
      if (!flag.active || flag.isRemoteConfiguration) continue;
      if (wanted && !wanted.has(flag.key)) continue;
      if (!runtimeMatches(flag, req) || !contextsMatch(flag, req)) continue;
      const definition = definitions.flags.find((d) => d.key === flag.key);
      if (!definition) continue;
      const hashKeyOverride = flag.ensureExperienceContinuity
        ? await this.continuityKey(projectId, flag, person, req)
        : undefined;
      const result = evaluate(
        definition,
        definitions,
        hashKeyOverride ? { ...context, hashKeyOverride } : context,
      );
      out.push({ flag, result });
    }
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
    await this.deps.store.insertHashKeyOverride(override);
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
