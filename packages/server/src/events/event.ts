export type Properties = Record<string, unknown>;

/** An event after decoding and normalisation, before person and group processing. */
export interface IncomingEvent {
  uuid: string;
  event: string;
  distinctId: string;
  properties: Properties;
  timestamp: Date;
}

/** Group columns in index order 0–4; '' means "no group of that type", as in PostHog's `$group_N`. */
export type GroupColumns = [string, string, string, string, string];

export interface StoredEvent {
  uuid: string;
  projectId: number;
  event: string;
  distinctId: string;
  personId: string;
  timestamp: Date;
  createdAt: Date;
  properties: Properties;
  groups: GroupColumns;
}
