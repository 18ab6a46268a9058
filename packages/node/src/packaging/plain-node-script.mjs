// A consumer of the built package, run with plain `node` (no TypeScript loader): proves that
// `import { Signpost } from '@signpost/node'` works as published. Usage: node plain-node-script.mjs <host> <phc> <phx>
import { bootstrapScript, Signpost } from '@signpost/node';
import { createTestClient } from '@signpost/node/testing';

const [host, projectKey, personalKey] = process.argv.slice(2);
const signpost = new Signpost(projectKey, { host, personalApiKey: personalKey });
signpost.capture({ distinctId: 'plain-node-user', event: 'plain.node', properties: { via: 'mjs' } });
const result = {
  flag: await signpost.getFeatureFlag('plain-node-user', 'plain-node-flag', { default: 'dflt' }),
  unknown: await signpost.getFeatureFlag('plain-node-user', 'no-such-flag', { default: 'dflt' }),
  payload: await signpost.getFeatureFlagPayload('plain-node-user', 'plain-node-flag'),
  local: (signpost.stats().definitions?.flagCount ?? 0) > 0,
  testClient: await createTestClient({ flags: { x: 'on' } }).getFeatureFlag('u', 'x'),
  script: bootstrapScript({ flags: { x: true }, payloads: {}, distinctId: 'u' }).startsWith('<script>'),
};
await signpost.shutdown();
result.stats = signpost.stats();
console.log(JSON.stringify(result));
