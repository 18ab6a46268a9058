// biome-ignore-all lint/suspicious/noExplicitAny: the kit reads loosely typed JSON answers.
import { type Browserish, browserish } from '../auth/auth-test-client.ts';
import type { InProcess } from '../testing/in-process.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY } from '../testing/test-server.ts';

/** A project's real ids, by the route parameter they fill, spelled with its segment (`feature_flags/:id`). */
export type SeededIds = Record<string, string>;

export interface SeededProject {
  /** The id `/api/projects/:projectId` takes (the project's own, which is its first environment's). */
  id: number;
  apiToken: string;
  /** Every environment id the project's routes answer to: its own id first, then the extra environments'. */
  environments: number[];
  ids: SeededIds;
}

/** Requests as the installation key, which reaches every project: the seeding side of the tests. */
export async function asInstallation(
  sp: InProcess,
  method: string,
  path: string,
  body?: unknown,
): Promise<any> {
  const res = await sp.signpost.app.request(path, {
    method,
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Events, a person, a group and a group type, every string carrying `marker` so a leak is visible in a body. */
export async function captureData(sp: InProcess, token: string, marker: string): Promise<void> {
  const res = await sp.capture({
    api_key: token,
    batch: [
      {
        event: `${marker}-signed-up`,
        distinct_id: `${marker}-user`,
        properties: {
          $set: { email: `${marker}@example.com` },
          $groups: { [`${marker}_company`]: `${marker}-corp` },
        },
      },
      {
        event: '$groupidentify',
        distinct_id: `${marker}-user`,
        properties: {
          $group_type: `${marker}_company`,
          $group_key: `${marker}-corp`,
          $group_set: { name: `${marker} corp` },
        },
      },
    ],
  });
  if (res.status !== 200) throw new Error(`capture → ${res.status} ${await res.text()}`);
}

/**
 * One of every object a project owns, named after `marker`, plus a secret key and an invitation; returns the
 * ids the route table's parameters take.
 */
export async function seedProject(sp: InProcess, projectId: number, marker: string): Promise<SeededIds> {
  const base = `/api/projects/${projectId}`;
  const post = (path: string, body: unknown) => asInstallation(sp, 'POST', `${base}/${path}/`, body);
  const flag = await post('feature_flags', {
    key: `${marker}-flag`,
    name: `${marker} flag`,
    is_remote_configuration: true,
    filters: { groups: [{ properties: [], rollout_percentage: 100 }], payloads: { true: `"${marker}"` } },
  });
  const cohort = await post('cohorts', {
    name: `${marker} cohort`,
    is_static: true,
    distinct_ids: [`${marker}-user`],
  });
  const insight = await post('insights', {
    name: `${marker} insight`,
    query: {
      kind: 'InsightVizNode',
      source: { kind: 'TrendsQuery', series: [{ kind: 'EventsNode', event: `${marker}-signed-up` }] },
    },
  });
  const dashboard = await post('dashboards', { name: `${marker} dashboard` });
  const alert = await post('alerts', {
    name: `${marker} alert`,
    insight: insight.id,
    threshold: { configuration: { type: 'absolute', bounds: { upper: 1_000_000 } } },
  });
  const experiment = await post('experiments', {
    name: `${marker} experiment`,
    feature_flag_key: `${marker}-experiment`,
  });
  // Launched, so its results route reads the project's events instead of stopping at "not launched".
  await asInstallation(sp, 'PATCH', `${base}/experiments/${experiment.id}/`, {
    start_date: new Date().toISOString(),
  });
  const feature = await post('early_access_feature', { name: `${marker} feature`, stage: 'beta' });
  const annotation = await post('annotations', { content: `${marker} released`, date_marker: '2026-01-01' });
  const secretKey = await post('project_secret_api_keys', { label: `${marker} key` });
  await post('invites', { email: `${marker}-invitee@example.com`, role: 'viewer' });
  // Subscribed to an event the tests never cause, so nothing is ever sent to it.
  const webhook = await post('webhooks', {
    url: `https://hooks.example.com/${marker}`,
    events: ['flags.stale_digest'],
  });
  // Far in the future, so no scheduler run of the walk ever applies it.
  const scheduled = await post('scheduled_changes', {
    record_id: flag.id,
    model_name: 'FeatureFlag',
    payload: { operation: 'update_rollout', value: 40 },
    scheduled_at: '2099-01-01T00:00:00Z',
  });
  // One flag change held for approval, then approvals off again so the rest of the walk changes flags freely.
  await asInstallation(sp, 'PATCH', `${base}/`, { flag_change_approvals: 1 });
  const request = await asInstallation(sp, 'PATCH', `${base}/feature_flags/${flag.id}/`, {
    name: `${marker} renamed`,
    active: false,
  });
  await asInstallation(sp, 'PATCH', `${base}/`, { flag_change_approvals: 0 });
  // captureData made this person before (seedTwoProjects captures first).
  const persons = await asInstallation(sp, 'GET', `${base}/persons/?distinct_id=${marker}-user`);
  const log = await asInstallation(sp, 'GET', `${base}/activity_log/`);
  const entry = log.results[0]?.id;
  if (entry === undefined) throw new Error(`no activity in project ${projectId}`);
  // Definitions are written by the recorder's timer; flushed here so the captured names are listed now.
  await sp.signpost.definitions.flush();
  const eventDefinitions = await asInstallation(sp, 'GET', `${base}/event_definitions/`);
  const propertyDefinitions = await asInstallation(sp, 'GET', `${base}/property_definitions/?type=person`);
  return {
    'feature_flags/:id': String(flag.id),
    'feature_flags/:key': flag.key,
    'cohorts/:id': String(cohort.id),
    'insights/:id': String(insight.id),
    'dashboards/:id': String(dashboard.id),
    'experiments/:id': String(experiment.id),
    'early_access_feature/:id': String(feature.id),
    'annotations/:id': String(annotation.id),
    'event_definitions/:id': String(eventDefinitions.results[0]?.id ?? ''),
    'property_definitions/:id': String(propertyDefinitions.results[0]?.id ?? ''),
    'project_secret_api_keys/:id': String(secretKey.id),
    'activity_log/:entryId': String(entry),
    'webhooks/:id': String(webhook.id),
    'alerts/:alertId': String(alert.id),
    'change_requests/:id': String(request.id),
    'scheduled_changes/:changeId': String(scheduled.id),
    'environments/:environmentId': String(projectId),
    'persons/:id': String(persons.results[0]?.id ?? ''),
  };
}

/** Project A is the default one (id 1, the test keys); B is created over the API, as a second team would. */
export async function seedTwoProjects(sp: InProcess): Promise<{ a: SeededProject; b: SeededProject }> {
  const made = await asInstallation(sp, 'POST', '/api/projects/', { name: 'Project bravo' });
  const bId = made.id as number;
  await captureData(sp, TEST_PROJECT_KEY, 'alpha');
  await captureData(sp, made.api_token, 'bravo');
  // B's second environment: its id (not B's own) must be as closed to A's callers as B's.
  const bStaging = await asInstallation(sp, 'POST', `/api/projects/${bId}/environments/`, {
    name: 'bravo-staging',
  });
  await captureData(sp, bStaging.api_token, 'bravo');
  const aIds = await seedProject(sp, 1, 'alpha');
  const bIds = await seedProject(sp, bId, 'bravo');
  return {
    a: { id: 1, apiToken: TEST_PROJECT_KEY, environments: [1], ids: aIds },
    b: { id: bId, apiToken: made.api_token, environments: [bId, bStaging.id], ids: bIds },
  };
}

/** A member invited into project `projectId` with `role`, signed in, with a personal key of their own. */
export async function invitedMember(
  sp: InProcess,
  projectId: number,
  email: string,
  role: string,
): Promise<{ session: Browserish; key: string }> {
  const invite = await asInstallation(sp, 'POST', `/api/projects/${projectId}/invites/`, { email, role });
  const token = new URL(invite.invite_url as string).hash.slice('#token='.length);
  const session = browserish(sp.signpost);
  const accepted = await session.request('POST', '/_auth/accept_invite', {
    body: { token, password: 'isolated member' },
  });
  if (!accepted.ok) throw new Error(`accept_invite → ${accepted.status} ${await accepted.text()}`);
  const state = (await (await session.request('GET', '/_auth/session')).json()) as { csrf_token: string };
  session.csrf = state.csrf_token;
  const created = await session.request('POST', '/api/personal_api_keys/', {
    body: { label: 'isolation walk' },
    csrf: true,
  });
  return { session, key: ((await created.json()) as { value: string }).value };
}
