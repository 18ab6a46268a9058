import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcess, inProcess } from '../testing/in-process.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY } from '../testing/test-server.ts';

// Every request each PostHog SDK makes, in the shape its source builds it (path, method, headers, body fields,
// encoding): docs/compat.md lists them with the file each comes from. Each row is replayed against Signpost and
// must get the answer its SDK reads as success, with the effect it relies on (events stored, flags evaluated).

type Effect =
  | 'stored'
  | 'flags-v2'
  | 'decide-v3'
  | 'definitions'
  | 'remote-config'
  | 'mobile-config'
  | 'quiet';

interface SdkRequest {
  sdk: string;
  what: string;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  /** Built per run: capture rows get a fresh distinct id so their events can be found. */
  body?: (distinctId: string) => unknown;
  gzip?: boolean;
  effect: Effect;
}

const now = () => new Date().toISOString();
const legacyEvent = (lib: string) => (distinctId: string) => ({
  event: 'sdk replay',
  distinct_id: distinctId,
  uuid: randomUUID(),
  timestamp: now(),
  type: 'capture',
  properties: { $lib: lib, $lib_version: '1.0.0' },
});
const batch =
  (lib: string, extra: Record<string, unknown> = {}) =>
  (distinctId: string) => ({
    api_key: TEST_PROJECT_KEY,
    batch: [legacyEvent(lib)(distinctId)],
    ...extra,
  });
const v1 = (distinctId: string) => ({
  created_at: now(),
  batch: [
    {
      event: 'sdk replay',
      uuid: randomUUID(),
      distinct_id: distinctId,
      timestamp: now(),
      options: { process_person_profile: true },
      properties: {},
    },
  ],
});
const v1Headers = (sdk: string) => ({
  authorization: `Bearer ${TEST_PROJECT_KEY}`,
  'posthog-sdk-info': `${sdk}/1.0.0`,
  'posthog-attempt': '1',
  'posthog-request-id': randomUUID(),
  'posthog-request-timestamp': now(),
});
const flagsBody = (tokenField: 'api_key' | 'token') => (distinctId: string) => ({
  [tokenField]: TEST_PROJECT_KEY,
  distinct_id: distinctId,
  groups: {},
  person_properties: { plan: 'pro' },
  group_properties: {},
  geoip_disable: true,
});
const personal = { authorization: `Bearer ${TEST_PERSONAL_KEY}` };
const definitions = `/flags/definitions?token=${TEST_PROJECT_KEY}&send_cohorts`;
const remoteConfig = `/api/projects/@current/feature_flags/settings/remote_config?token=${TEST_PROJECT_KEY}`;

const REQUESTS: SdkRequest[] = [
  // posthog-python (posthog/request.py, posthog/capture_v1.py, posthog/client.py)
  {
    sdk: 'python',
    what: 'capture v0',
    method: 'POST',
    path: '/batch/',
    body: batch('posthog-python', { sent_at: now() }),
    effect: 'stored',
  },
  {
    sdk: 'python',
    what: 'capture v0 gzip',
    method: 'POST',
    path: '/batch/',
    body: batch('posthog-python', { sent_at: now() }),
    gzip: true,
    effect: 'stored',
  },
  {
    sdk: 'python',
    what: 'capture v1',
    method: 'POST',
    path: '/i/v1/analytics/events',
    headers: v1Headers('posthog-python'),
    body: v1,
    effect: 'stored',
  },
  {
    sdk: 'python',
    what: 'AI events',
    method: 'POST',
    path: '/i/v0/ai/batch/',
    body: batch('posthog-python', { sent_at: now() }),
    effect: 'stored',
  },
  {
    sdk: 'python',
    what: 'flags',
    method: 'POST',
    path: '/flags/?v=2',
    body: flagsBody('api_key'),
    effect: 'flags-v2',
  },
  {
    sdk: 'python',
    what: 'local evaluation',
    method: 'GET',
    path: definitions,
    headers: personal,
    effect: 'definitions',
  },
  {
    sdk: 'python',
    what: 'remote config',
    method: 'GET',
    path: remoteConfig,
    headers: personal,
    effect: 'remote-config',
  },
  {
    sdk: 'python',
    what: 'AI OTel traces',
    method: 'POST',
    path: '/i/v0/ai/otel',
    headers: { authorization: `Bearer ${TEST_PROJECT_KEY}` },
    body: () => ({ resourceSpans: [] }),
    effect: 'quiet',
  },
  // posthog-go (posthog.go, capture_v1.go, flags.go, featureflags.go)
  {
    sdk: 'go',
    what: 'capture v0',
    method: 'POST',
    path: '/batch/',
    body: batch('posthog-go', { historical_migration: false }),
    effect: 'stored',
  },
  {
    sdk: 'go',
    what: 'capture v0 gzip',
    method: 'POST',
    path: '/batch/',
    body: batch('posthog-go'),
    gzip: true,
    effect: 'stored',
  },
  {
    sdk: 'go',
    what: 'capture v1',
    method: 'POST',
    path: '/i/v1/analytics/events',
    headers: v1Headers('posthog-go'),
    body: v1,
    effect: 'stored',
  },
  {
    sdk: 'go',
    what: 'flags',
    method: 'POST',
    path: '/flags/?v=2',
    body: flagsBody('api_key'),
    effect: 'flags-v2',
  },
  {
    sdk: 'go',
    what: 'local evaluation',
    method: 'GET',
    path: '/flags/definitions?send_cohorts',
    headers: personal,
    effect: 'definitions',
  },
  {
    sdk: 'go',
    what: 'remote config',
    method: 'GET',
    path: remoteConfig,
    headers: personal,
    effect: 'remote-config',
  },
  // posthog-ruby (lib/posthog/transport.rb, lib/posthog/feature_flags.rb)
  {
    sdk: 'ruby',
    what: 'capture',
    method: 'POST',
    path: '/batch/',
    body: batch('posthog-ruby'),
    effect: 'stored',
  },
  {
    sdk: 'ruby',
    what: 'flags',
    method: 'POST',
    path: '/flags/?v=2',
    body: flagsBody('token'),
    effect: 'flags-v2',
  },
  {
    sdk: 'ruby',
    what: 'local evaluation',
    method: 'GET',
    path: `/flags/definitions?token=${TEST_PROJECT_KEY}&send_cohorts=true`,
    headers: personal,
    effect: 'definitions',
  },
  {
    sdk: 'ruby',
    what: 'remote config',
    method: 'GET',
    path: remoteConfig,
    headers: personal,
    effect: 'remote-config',
  },
  {
    sdk: 'ruby',
    what: 'rails logs (OTLP)',
    method: 'POST',
    path: `/i/v1/logs?token=${TEST_PROJECT_KEY}`,
    body: () => ({ resourceLogs: [] }),
    effect: 'quiet',
  },
  // posthog-php (lib/QueueConsumer.php, lib/Consumer/*.php, lib/Client.php)
  {
    sdk: 'php',
    what: 'capture',
    method: 'POST',
    path: '/batch/',
    body: batch('posthog-php'),
    effect: 'stored',
  },
  {
    sdk: 'php',
    what: 'capture gzip',
    method: 'POST',
    path: '/batch/',
    body: batch('posthog-php'),
    gzip: true,
    effect: 'stored',
  },
  {
    sdk: 'php',
    what: 'flags',
    method: 'POST',
    path: '/flags/?v=2',
    body: flagsBody('api_key'),
    effect: 'flags-v2',
  },
  {
    sdk: 'php',
    what: 'local evaluation',
    method: 'GET',
    path: `/flags/definitions?send_cohorts&token=${TEST_PROJECT_KEY}`,
    headers: personal,
    effect: 'definitions',
  },
  // posthog-java, the legacy server SDK (HttpSender.java, PostHog.java)
  {
    sdk: 'java',
    what: 'capture',
    method: 'POST',
    path: '/batch',
    body: batch('posthog-java'),
    effect: 'stored',
  },
  {
    sdk: 'java',
    what: 'flags (decide v3)',
    method: 'POST',
    path: '/decide/?v=3',
    body: flagsBody('api_key'),
    effect: 'decide-v3',
  },
  // posthog-android and posthog-server (PostHogApi.kt)
  {
    sdk: 'android',
    what: 'capture gzip',
    method: 'POST',
    path: '/batch',
    body: batch('posthog-android', { sent_at: now() }),
    gzip: true,
    effect: 'stored',
  },
  {
    sdk: 'android',
    what: 'flags',
    method: 'POST',
    path: '/flags/?v=2',
    body: flagsBody('api_key'),
    effect: 'flags-v2',
  },
  {
    sdk: 'android',
    what: 'remote config',
    method: 'GET',
    path: `/array/${TEST_PROJECT_KEY}/config`,
    effect: 'mobile-config',
  },
  {
    sdk: 'android',
    what: 'local evaluation (posthog-server)',
    method: 'GET',
    path: `/api/feature_flag/local_evaluation/?token=${TEST_PROJECT_KEY}&send_cohorts`,
    headers: personal,
    effect: 'definitions',
  },
  {
    sdk: 'android',
    what: 'session replay',
    method: 'POST',
    path: '/s/',
    body: () => [],
    gzip: true,
    effect: 'quiet',
  },
  {
    sdk: 'android',
    what: 'logs (OTLP)',
    method: 'POST',
    path: `/i/v1/logs?token=${TEST_PROJECT_KEY}`,
    body: () => ({ resourceLogs: [] }),
    gzip: true,
    effect: 'quiet',
  },
  // posthog-ios (PostHogApi.swift)
  {
    sdk: 'ios',
    what: 'capture gzip',
    method: 'POST',
    path: '/batch',
    body: batch('posthog-ios', { sent_at: now() }),
    gzip: true,
    effect: 'stored',
  },
  {
    sdk: 'ios',
    what: 'flags',
    method: 'POST',
    path: '/flags?v=2',
    body: flagsBody('api_key'),
    effect: 'flags-v2',
  },
  {
    sdk: 'ios',
    what: 'remote config',
    method: 'GET',
    path: `/array/${TEST_PROJECT_KEY}/config`,
    effect: 'mobile-config',
  },
  {
    sdk: 'ios',
    what: 'session replay',
    method: 'POST',
    path: '/s/',
    body: () => [],
    gzip: true,
    effect: 'quiet',
  },
  {
    sdk: 'ios',
    what: 'logs (OTLP)',
    method: 'POST',
    path: `/i/v1/logs?token=${TEST_PROJECT_KEY}`,
    body: () => ({ resourceLogs: [] }),
    gzip: true,
    effect: 'quiet',
  },
];

describe('every PostHog SDK request, replayed', () => {
  let sp: InProcess;
  beforeAll(async () => {
    sp = await inProcess('memory');
    const create = async (flag: Record<string, unknown>) => {
      const res = await sp.signpost.app.request('/api/projects/@current/feature_flags/', {
        method: 'POST',
        headers: { ...personal, 'content-type': 'application/json' },
        body: JSON.stringify(flag),
      });
      expect(res.status).toBe(201);
    };
    await create({
      key: 'pro-only',
      filters: {
        groups: [{ properties: [{ key: 'plan', value: 'pro', operator: 'exact' }], rollout_percentage: 100 }],
      },
    });
    await create({
      key: 'settings',
      is_remote_configuration: true,
      filters: { groups: [{ rollout_percentage: 100 }], payloads: { true: '{"theme":"dark"}' } },
    });
  });
  afterAll(async () => {
    await sp.stop();
  });

  it.each(REQUESTS.map((r) => [r.sdk, r.what, r] as const))('%s: %s', async (_sdk, _what, r) => {
    const distinctId = `replay-${randomUUID()}`;
    const json = r.body ? JSON.stringify(r.body(distinctId)) : undefined;
    const headers: Record<string, string> = { 'content-type': 'application/json', ...r.headers };
    if (r.gzip) headers['content-encoding'] = 'gzip';
    const res = await sp.signpost.app.request(r.path, {
      method: r.method,
      headers,
      ...(json === undefined ? {} : { body: r.gzip ? gzipSync(json) : json }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const answer = (await res.json()) as Record<string, unknown>;
    switch (r.effect) {
      case 'stored': {
        const { results } = await sp.api<{ results: { event: string }[] }>(
          `/api/projects/@current/events/?distinct_id=${distinctId}`,
        );
        expect(results.map((e) => e.event)).toEqual(['sdk replay']);
        break;
      }
      case 'flags-v2':
        expect(answer).toMatchObject({
          errorsWhileComputingFlags: false,
          flags: { 'pro-only': { enabled: true } },
        });
        break;
      case 'decide-v3':
        expect(answer).toMatchObject({ featureFlags: { 'pro-only': true } });
        break;
      case 'definitions':
        expect((answer.flags as { key: string }[]).map((f) => f.key)).toEqual(['pro-only']);
        break;
      case 'remote-config':
        expect(JSON.parse(answer as unknown as string)).toEqual({ theme: 'dark' });
        break;
      case 'mobile-config':
        expect(answer).toMatchObject({ hasFeatureFlags: true, sessionRecording: false, surveys: false });
        break;
      case 'quiet':
        expect(answer).toBeTypeOf('object');
        break;
    }
  });

  it('android/ios push subscriptions (not a Signpost product) are refused with a 401, not stored', async () => {
    for (const method of ['POST', 'DELETE']) {
      const res = await sp.signpost.app.request('/api/push_subscriptions/', {
        method,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ api_key: TEST_PROJECT_KEY, distinct_id: 'u', token: 'device-token' }),
      });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ type: 'authentication_error' });
    }
  });
});
