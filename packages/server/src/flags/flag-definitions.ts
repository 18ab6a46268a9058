import { createHash } from 'node:crypto';
import type { Definitions, FlagDefinition } from '@signpost/flags-engine';
import type { FeatureFlag } from './feature-flag.ts';

/** The local-evaluation form of a flag (PostHog's MinimalFeatureFlagSerializer). */
export function toDefinition(f: FeatureFlag): FlagDefinition & Record<string, unknown> {
  return {
    id: f.id,
    team_id: f.environmentId ?? f.projectId,
    name: f.name,
    key: f.key,
    filters: f.filters,
    deleted: f.deleted,
    active: f.active,
    version: f.version,
    ensure_experience_continuity: f.ensureExperienceContinuity,
    has_encrypted_payloads: false,
    evaluation_runtime: f.evaluationRuntime,
    bucketing_identifier: f.bucketingIdentifier,
    evaluation_tags: f.evaluationContexts,
    evaluation_contexts: f.evaluationContexts,
  };
}

export interface DefinitionsSnapshot {
  definitions: Definitions;
  /** The serialized `/flags/definitions` body and its ETag, computed once per change. */
  body: string;
  etag: string;
  /** The keys of the flags in `definitions`, kept once per snapshot so a poll can count them cheaply. */
  flagKeys: readonly string[];
}

export function snapshotDefinitions(
  flags: FeatureFlag[],
  groupTypes: ReadonlyMap<string, number>,
  cohorts: Definitions['cohorts'],
  runningExperimentFlagIds: ReadonlySet<number> = new Set(),
): DefinitionsSnapshot {
  const definitions: Definitions = {
    // Remote-config flags are fetched by key and never evaluated per user (PostHog leaves them out too).
    flags: flags
      .filter((f) => !f.isRemoteConfiguration)
      .map((f) => ({ ...toDefinition(f), has_experiment: runningExperimentFlagIds.has(f.id) })),
    group_type_mapping: Object.fromEntries([...groupTypes].map(([type, index]) => [String(index), type])),
    cohorts: cohorts ?? {},
  };
  const body = JSON.stringify(definitions);
  const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
  return { definitions, body, etag, flagKeys: definitions.flags.map((f) => f.key) };
}
