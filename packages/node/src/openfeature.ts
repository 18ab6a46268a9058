// @signpost/node/openfeature: Signpost as an OpenFeature server provider (peer: @openfeature/server-sdk).
export { type SignpostTarget, toSignpostTarget } from './openfeature/evaluation-context.ts';
export { SignpostProvider, type SignpostProviderClient } from './openfeature/signpost-provider.ts';
