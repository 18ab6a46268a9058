import type { DeliveredEvent } from './webhook.ts';

/** Something worth telling subscribers about, described once for every channel (JSON, Slack, mail). */
export interface Notification {
  type: DeliveredEvent;
  projectId: number;
  /** The environment the change was made in, when it was made in one. */
  environmentId: number | null;
  at: Date;
  /** One line for people: a Slack message's text, a mail's subject. */
  title: string;
  /** A few more lines for people (what changed, who, why). */
  lines: string[];
  /** The event's fields for machines (the JSON payload's `data`). */
  data: Record<string, unknown>;
}

/**
 * The one way any part of Signpost announces an event. Implementations must not make the caller wait on a
 * receiver: they record the event durably and deliver later.
 */
export interface Notifier {
  notify(notification: Notification): Promise<void>;
}

export const silentNotifier: Notifier = { notify: async () => undefined };
