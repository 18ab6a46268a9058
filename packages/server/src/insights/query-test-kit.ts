import { apiClient } from '../testing/api-client.ts';
import type { InProcess } from '../testing/in-process.ts';
import { TEST_PROJECT_KEY } from '../testing/test-server.ts';

export interface SeedEvent {
  event: string;
  distinct_id: string;
  timestamp: string;
  properties?: Record<string, unknown>;
  $set?: Record<string, unknown>;
}

/** Sends events through the real capture endpoint and fails loudly if any is refused. */
export async function seed(server: InProcess, events: SeedEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 500) {
    const batch = events.slice(i, i + 500);
    const response = await server.capture({ api_key: TEST_PROJECT_KEY, batch });
    if (response.status !== 200) throw new Error(`capture → ${response.status} ${await response.text()}`);
  }
}

/** POSTs a query as PostHog's clients do. */
export function queryClient(server: InProcess) {
  const client = apiClient(server.signpost);
  return async (query: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
    const res = await client.post('/api/projects/@current/query/', { query, ...extra });
    return res as unknown as { status: number; json: Record<string, unknown> & { results: TrendResult[] } };
  };
}

export interface TrendResult {
  label: string;
  count: number;
  data: number[];
  days: string[];
  labels: string[];
  breakdown_value?: string | number;
  aggregated_value?: number;
  compare_label?: string;
  action: { math: string; order: number };
}
