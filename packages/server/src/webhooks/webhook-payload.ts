import type { Notification } from './notifier.ts';
import type { WebhookFormat } from './webhook.ts';

/**
 * The body one subscription receives for one notification; `deliveryId` lets receivers drop duplicates. A
 * `mailto:` subscription stores the mail's subject and text instead, the human form a mail carries.
 */
export function payloadOf(n: Notification, format: WebhookFormat | 'mail', deliveryId: string): string {
  if (format === 'mail') return JSON.stringify({ subject: `Signpost: ${n.title}`, text: n.lines.join('\n') });
  return JSON.stringify(format === 'slack' ? slackMessage(n) : jsonPayload(n, deliveryId));
}

function jsonPayload(n: Notification, deliveryId: string) {
  return {
    id: deliveryId,
    event: n.type,
    occurred_at: n.at.toISOString(),
    project_id: n.projectId,
    environment_id: n.environmentId,
    title: n.title,
    data: n.data,
  };
}

// Slack's mrkdwn gives meaning to these three characters; the rest of a flag key or a reason is shown as typed.
const escapeMrkdwn = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * An incoming-webhook message: `text` is what notifications and old clients show, `blocks` the formatted form.
 * Slack refuses a section text over 3,000 characters, so long change lists are cut.
 */
function slackMessage(n: Notification) {
  const title = escapeMrkdwn(n.title);
  const details = escapeMrkdwn(n.lines.join('\n')).slice(0, 2900);
  const blocks: unknown[] = [{ type: 'section', text: { type: 'mrkdwn', text: `*${title}*` } }];
  if (details) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: details } });
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `Signpost · ${n.type} · ${n.at.toISOString()}` }],
  });
  return { text: title, blocks };
}
