export type { DeliveryStats } from './client/event-delivery.ts';
export type { DefinitionsStats } from './client/flag-poller.ts';
export type { ForgetMode, ForgetOptions, ForgetResult } from './client/forget.ts';
export type { FetchFn } from './client/http-request.ts';
export { SignpostError, type SignpostErrorCode } from './client/sdk-error.ts';
export { Signpost, type SignpostStats } from './client/signpost.ts';
export type { SignpostOptions } from './client/signpost-options.ts';
export type {
  AliasMessage,
  CaptureMessage,
  FlagOptions,
  FlagsAndPayloads,
  FlagValue,
  GroupIdentifyMessage,
  IdentifyMessage,
  Properties,
  SignpostClientApi,
} from './client-api.ts';
export {
  type BootstrapData,
  type BootstrapScriptOptions,
  bootstrapScript,
  inlineJson,
} from './frontend/bootstrap-script.ts';
export {
  type FrontendFlags,
  type InjectOptions,
  injectFeatureFlagsToFrontend,
} from './frontend/inject-feature-flags.ts';
export { SDK_NAME, SDK_VERSION } from './version.ts';
