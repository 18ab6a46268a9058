import { PROJECT } from '../api/endpoints.ts';
import { del, get, post } from '../api/http.ts';

export const WEBHOOK_EVENTS = [
  'flag.changed',
  'flag.archived',
  'flag.deleted',
  'experiment.state',
  'plan.step',
  'plan.paused',
  'guardrail.tripped',
  'alert.fired',
  'flags.stale_digest',
  'change_request.created',
  'change_request.approved',
  'change_request.applied',
  'change_request.rejected',
] as const;

export interface Webhook {
  id: string;
  url: string;
  events: string[];
  format: 'json' | 'slack';
  enabled: boolean;
  failing: boolean;
  consecutive_failures: number;
  created_at: string;
  /** Only in the answer to the create request. */
  secret?: string;
}

export interface WebhookDelivery {
  id: string;
  event: string;
  status: 'pending' | 'sending' | 'delivered' | 'failed';
  attempts: number;
  created_at: string;
  next_attempt_at: string | null;
  response_status: number | null;
  duration_ms: number | null;
  response: string | null;
}

const PATH = `${PROJECT}/webhooks/`;

export const listWebhooks = () => get<{ results: Webhook[] }>(PATH).then((r) => r.results);
export const createWebhook = (body: { url: string; events: string[]; format: Webhook['format'] }) =>
  post<Webhook>(PATH, body);
export const deleteWebhook = (id: string) => del(`${PATH}${id}/`);
export const testWebhook = (id: string) => post<WebhookDelivery>(`${PATH}${id}/test/`, {});
export const listDeliveries = (id: string) =>
  get<{ results: WebhookDelivery[] }>(`${PATH}${id}/deliveries/`).then((r) => r.results);
