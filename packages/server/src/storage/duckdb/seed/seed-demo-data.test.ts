import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  type TestServer,
} from '../../../testing/test-server.ts';
import { seedDemoData } from './seed-demo-data.ts';

const EVENTS = 50_000;
const SEED_COMMAND = fileURLToPath(new URL('../../../cli/seed-command.ts', import.meta.url));

interface Trend {
  breakdown_value?: string | number;
  count: number;
  aggregated_value?: number;
  data: number[];
}
interface Tile {
  insight: { name: string; result: Trend[] | null; error?: unknown };
}

const total = (t: Trend) => t.aggregated_value ?? t.count;
const split = (rows: Trend[]) => Object.fromEntries(rows.map((r) => [String(r.breakdown_value), total(r)]));

describe('npm run seed', () => {
  let dataDir: string;
  let server: TestServer;
  const post = async <T>(url: string, body: unknown): Promise<T> => {
    const res = await fetch(`${server.url}${url}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBeLessThan(300);
    return (await res.json()) as T;
  };
  const trends = async (query: Record<string, unknown>) =>
    (
      await post<{ results: Trend[] }>('/api/projects/@current/query/', {
        query: { kind: 'TrendsQuery', dateRange: { date_from: '-30d' }, ...query },
      })
    ).results;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'signpost-seed-'));
    const progress: number[] = [];
    const summary = await seedDemoData({
      dataDir,
      events: EVENTS,
      days: 90,
      projectKey: TEST_PROJECT_KEY,
      personalKey: TEST_PERSONAL_KEY,
      onProgress: (written) => progress.push(written),
    });
    expect(summary.events).toBe(EVENTS);
    expect(progress.at(-1)).toBe(EVENTS);
    server = await startTestServer({ dataDir });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes exactly the asked number of events, with persons for every distinct id', async () => {
    const events = await server.api<{ results: unknown[] }>('/api/projects/@current/events/?limit=5');
    expect(events.results).toHaveLength(5);
    const persons = await server.api<{ results: { properties: Record<string, unknown> }[] }>(
      '/api/projects/@current/persons/?distinct_id=user-0',
    );
    expect(persons.results[0]?.properties).toMatchObject({ role: 'admin', is_admin: true });
    const types = await server.api<{ group_type: string }[]>('/api/projects/@current/groups_types/');
    expect(types.map((t) => t.group_type).sort()).toEqual(['platform', 'version']);
  });

  it('fills every tile of both dashboard templates', async () => {
    for (const template of ['installation-health', 'user-engagement']) {
      const dashboard = await post<{ tiles: Tile[] }>('/api/projects/@current/dashboards/', {
        use_template: template,
      });
      expect(dashboard.tiles).toHaveLength(5);
      for (const tile of dashboard.tiles) {
        const values = (tile.insight.result ?? []).map(total);
        expect(
          values.reduce((a, b) => a + b, 0),
          `${template} / ${tile.insight.name}`,
        ).toBeGreaterThan(0);
      }
    }
  });

  it('answers the guide queries plausibly', async () => {
    const versions = split(
      await trends({
        series: [{ kind: 'EventsNode', event: 'telemetry.health', math: 'dau' }],
        breakdownFilter: { breakdown: 'app_version' },
        trendsFilter: { display: 'ActionsPie' },
      }),
    );
    // By the last 30 days most installations have reached 3.0.0; a few stayed behind.
    expect(Object.keys(versions).sort()).toEqual(['2.8.0', '2.9.0', '3.0.0']);
    expect(versions['3.0.0']).toBeGreaterThan(versions['2.8.0'] ?? 0);
    const updates = split(
      await trends({
        series: [{ kind: 'EventsNode', event: 'telemetry.update' }],
        dateRange: { date_from: '-90d' },
        properties: [{ key: 'old_version', value: '2.9.0', operator: 'exact', type: 'event' }],
        breakdownFilter: { breakdown: 'new_version' },
        trendsFilter: { display: 'ActionsPie' },
      }),
    );
    expect(Object.keys(updates)).toEqual(['3.0.0']);
    const logins = split(
      await trends({
        series: [{ kind: 'EventsNode', event: 'auth.login' }],
        breakdownFilter: { breakdown: 'auth_method' },
        trendsFilter: { display: 'ActionsPie' },
      }),
    );
    expect(Object.keys(logins).sort()).toEqual(['local', 'oidc']);
    const [all] = await trends({
      series: [{ kind: 'EventsNode', event: 'project.created' }],
      trendsFilter: { display: 'BoldNumber' },
    });
    const [admins] = await trends({
      series: [{ kind: 'EventsNode', event: 'project.created' }],
      properties: [{ key: 'role', value: 'admin', operator: 'exact', type: 'person' }],
      trendsFilter: { display: 'BoldNumber' },
    });
    // Every tenth user is an admin.
    const share = total(admins as Trend) / total(all as Trend);
    expect(share).toBeGreaterThan(0.05);
    expect(share).toBeLessThan(0.2);
    const byHour = split(
      await trends({
        series: [{ kind: 'EventsNode', event: 'timer.started' }],
        breakdownFilter: { breakdown: 'toHour(timestamp)', breakdown_type: 'hogql' },
        trendsFilter: { display: 'ActionsBarValue' },
      }),
    );
    expect(byHour['10']).toBeGreaterThan(byHour['22'] ?? 0);
    // Only office hours, whatever the time of day the seed ran (today's later hours must not pile up at "now").
    const officeHours = new Set(['7', '8', '9', '10', '11', '13', '14', '15', '16', '17', '18', '20', '22']);
    expect(Object.keys(byHour).filter((hour) => !officeHours.has(hour))).toEqual([]);
  });

  it('refuses a data folder a running server holds', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', SEED_COMMAND, '--events', '1000', '--data-dir', dataDir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('DATA_DIR_LOCKED');
    expect(stderr).toContain('Stop it first');
  }, 30_000);
});
