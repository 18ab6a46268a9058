// What a user pastes to send their first event or check their first flag, with this server's real key/host.

export function nodeSnippet(token: string, host: string): string {
  return `import { PostHog } from 'posthog-node';

const posthog = new PostHog('${token}', { host: '${host}' });
posthog.capture({ distinctId: 'user-123', event: 'signed_up', properties: { plan: 'free' } });
await posthog.shutdown();`;
}

export function browserSnippet(token: string, host: string): string {
  return `import posthog from 'posthog-js';

posthog.init('${token}', { api_host: '${host}' });
posthog.capture('signed_up', { plan: 'free' });`;
}

export function curlSnippet(token: string, host: string): string {
  return `curl -X POST ${host}/batch/ -H 'content-type: application/json' \\
  -d '{"api_key":"${token}","batch":[{"event":"signed_up","distinct_id":"user-123"}]}'`;
}

export function flagSnippet(token: string, host: string, key: string): string {
  return `import { PostHog } from 'posthog-node';

const posthog = new PostHog('${token}', { host: '${host}' });
if (await posthog.isFeatureEnabled('${key}', 'user-123')) {
  // the new code path
}`;
}
