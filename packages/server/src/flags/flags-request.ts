import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';

const props = z.record(z.string(), z.unknown());
const stringish = z.union([z.string(), z.number(), z.boolean()]).transform(String);

/** `/flags` and `/decide` bodies with every alias PostHog's flags service accepts (compat notes §1.4). */
const flagsBodySchema = z.looseObject({
  token: z.string().nullish(),
  $token: z.string().nullish(),
  api_key: z.string().nullish(),
  distinct_id: stringish.nullish(),
  $distinct_id: stringish.nullish(),
  person_properties: props.nullish(),
  $properties: props.nullish(),
  groups: z.record(z.string(), stringish).nullish(),
  $groups: z.record(z.string(), stringish).nullish(),
  group_properties: z.record(z.string(), props).nullish(),
  $group_properties: z.record(z.string(), props).nullish(),
  anon_distinct_id: stringish.nullish(),
  $anon_distinct_id: stringish.nullish(),
  device_id: stringish.nullish(),
  $device_id: stringish.nullish(),
  flag_keys: z.array(z.string()).nullish(),
  flag_keys_to_evaluate: z.array(z.string()).nullish(),
  evaluation_contexts: z.array(z.string()).nullish(),
  evaluation_environments: z.array(z.string()).nullish(),
  evaluation_runtime: z.enum(['server', 'client', 'all']).nullish(),
  disable_flags: z.boolean().nullish(),
  timezone: z.string().nullish(),
});

export interface FlagsRequest {
  token: string | undefined;
  distinctId: string;
  personProperties: Record<string, unknown>;
  groups: Record<string, string>;
  groupProperties: Record<string, Record<string, unknown>>;
  anonDistinctId: string | undefined;
  deviceId: string | undefined;
  flagKeys: string[] | undefined;
  evaluationContexts: string[] | undefined;
  evaluationRuntime: 'server' | 'client' | 'all' | undefined;
  disableFlags: boolean;
}

export function parseFlagsRequest(json: unknown, queryToken: string | undefined): FlagsRequest {
  const parsed = flagsBodySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'INVALID_PAYLOAD',
      `Field "${issue?.path.join('.')}" is invalid: ${issue?.message}.`,
      issue?.path.join('.') ?? null,
    );
  }
  const b = parsed.data;
  const personProperties = b.person_properties ?? b.$properties ?? {};
  const device = b.device_id ?? b.$device_id ?? personProperties.$device_id;
  return {
    token: b.token ?? b.$token ?? b.api_key ?? queryToken,
    // PostHog truncates to 200 characters and allows an empty id (it then matches only rollouts of "").
    distinctId: (b.distinct_id ?? b.$distinct_id ?? '').slice(0, 200),
    personProperties,
    groups: b.groups ?? b.$groups ?? {},
    groupProperties: b.group_properties ?? b.$group_properties ?? {},
    anonDistinctId: b.anon_distinct_id ?? b.$anon_distinct_id ?? undefined,
    deviceId: typeof device === 'string' && device !== '' ? device : undefined,
    flagKeys: b.flag_keys_to_evaluate ?? b.flag_keys ?? undefined,
    evaluationContexts: b.evaluation_contexts ?? b.evaluation_environments ?? undefined,
    evaluationRuntime: b.evaluation_runtime ?? (personProperties.$lib === 'web' ? 'client' : undefined),
    disableFlags: b.disable_flags === true,
  };
}
