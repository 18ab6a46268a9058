import type {
  AliasMessage,
  CaptureMessage,
  GroupIdentifyMessage,
  IdentifyMessage,
  Properties,
} from '../client-api.ts';
import { SDK_NAME, SDK_VERSION } from '../version.ts';
import { uuidV7 } from './uuid-v7.ts';

/** One event as it travels in a `/batch/` body (compat notes §2.1). */
export interface WireEvent {
  event: string;
  distinct_id: string;
  properties: Properties;
  timestamp: string;
  uuid: string;
}

function wireEvent(event: string, distinctId: string, properties: Properties, timestamp?: Date): WireEvent {
  const at = timestamp ?? new Date();
  return {
    event,
    distinct_id: distinctId,
    properties: { ...properties, $lib: SDK_NAME, $lib_version: SDK_VERSION },
    timestamp: at.toISOString(),
    uuid: uuidV7(at.getTime()),
  };
}

/** Super properties first, so a call's own properties win; `$groups` last, so only `groups` sets it. */
export function captureEvent(message: CaptureMessage, superProperties: Properties): WireEvent {
  const properties: Properties = { ...superProperties, ...message.properties };
  if (message.groups && Object.keys(message.groups).length > 0) properties.$groups = { ...message.groups };
  return wireEvent(message.event, message.distinctId, properties, message.timestamp);
}

export function identifyEvent(message: IdentifyMessage, superProperties: Properties): WireEvent {
  return wireEvent('$identify', message.distinctId, {
    ...superProperties,
    $set: { ...message.set },
    $set_once: { ...message.setOnce },
  });
}

/** `$create_alias`: the person of `alias` is merged into the person of `distinctId` (compat notes §5.1). */
export function aliasEvent(message: AliasMessage, superProperties: Properties): WireEvent {
  return wireEvent('$create_alias', message.distinctId, {
    ...superProperties,
    alias: message.alias,
    distinct_id: message.distinctId,
  });
}

export function groupIdentifyEvent(message: GroupIdentifyMessage, superProperties: Properties): WireEvent {
  const distinctId = message.distinctId ?? `$${message.groupType}_${message.groupKey}`;
  return wireEvent('$groupidentify', distinctId, {
    ...superProperties,
    $group_type: message.groupType,
    $group_key: message.groupKey,
    $group_set: { ...message.properties },
  });
}

/** Why a message cannot become an event, or undefined when it can. */
export function invalidMessage(fields: Record<string, unknown>): string | undefined {
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value !== 'string' || value.trim() === '') return `${name} must be a non-empty string`;
  }
  return undefined;
}
