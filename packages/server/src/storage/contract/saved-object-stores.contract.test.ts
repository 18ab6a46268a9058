import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Dashboard } from '../../dashboards/dashboard.ts';
import type { EarlyAccessFeature } from '../../early-access/early-access-feature.ts';
import type { Experiment } from '../../experiments/experiment.ts';
import type { Insight } from '../../insights/insight.ts';
import type { StateStorage } from '../postgres/postgres-storage.ts';
import { at, stateEngines } from './state-engines.test-kit.ts';

const insight = (id: number, over: Partial<Insight> = {}): Insight => ({
  id,
  shortId: `short${id}`,
  projectId: 1,
  name: null,
  description: 'weekly signups',
  query: {
    kind: 'InsightVizNode',
    source: { kind: 'TrendsQuery', series: [{ event: '$pageview', math: 'dau' }] },
  },
  tags: [],
  favorited: false,
  deleted: false,
  version: 1,
  createdAt: at('2025-01-01T00:00:00.001Z'),
  createdBy: null,
  lastModifiedAt: at('2025-01-02T00:00:00Z'),
  lastModifiedBy: 'ana@example.com',
  ...over,
});
const dashboard = (id: number, over: Partial<Dashboard> = {}): Dashboard => ({
  id,
  projectId: 1,
  name: `Dashboard ${id}`,
  description: '',
  pinned: true,
  filters: { date_from: '-7d', date_to: null },
  tags: ['growth'],
  tiles: [
    {
      id: 1,
      insightId: 3,
      text: null,
      layouts: { sm: { x: 0, y: 0, w: 6, h: 5 } },
      color: null,
      deleted: false,
    },
  ],
  creationMode: 'default',
  deleted: false,
  version: 1,
  createdAt: at('2025-01-01T00:00:00Z'),
  createdBy: null,
  lastModifiedAt: at('2025-01-01T00:00:00Z'),
  ...over,
});
const experiment = (id: number, over: Partial<Experiment> = {}): Experiment => ({
  id,
  projectId: 1,
  name: `Experiment ${id}`,
  description: '',
  flagId: 9,
  flagKey: 'checkout',
  variants: [
    { key: 'control', rollout_percentage: 50 },
    { key: 'test', rollout_percentage: 50 },
  ],
  startDate: at('2025-01-05T00:00:00.005Z'),
  endDate: null,
  archived: false,
  deleted: false,
  holdoutPercentage: null,
  exposure: null,
  metrics: [],
  secondaryMetrics: [],
  decisionRule: 'bayesian',
  shippedVariant: null,
  version: 1,
  createdAt: at('2025-01-01T00:00:00Z'),
  updatedAt: at('2025-01-01T00:00:00Z'),
  createdBy: null,
  ...over,
});
const feature = (id: number, over: Partial<EarlyAccessFeature> = {}): EarlyAccessFeature => ({
  id,
  projectId: 1,
  name: `Feature ${id}`,
  description: '',
  stage: 'beta',
  documentationUrl: 'https://example.com/docs',
  payload: { widget: { colour: 'teal', sizes: [1, 2] } },
  flagId: 4,
  deleted: false,
  version: 1,
  createdAt: at('2025-01-01T00:00:00Z'),
  updatedAt: at('2025-01-01T00:00:00Z'),
  createdBy: null,
  ...over,
});

describe.each(stateEngines())('saved objects on $name', (engine) => {
  let s: StateStorage;
  beforeEach(async () => {
    s = await engine.open();
  });
  afterEach(() => s.close());

  it('InsightStore: saves, replaces in place, reads every field back', async () => {
    await s.insights.saveInsight(insight(1));
    await s.insights.saveInsight(insight(2, { name: 'Signups', favorited: true }));
    const changed = insight(1, { deleted: true, version: 2, lastModifiedAt: at('2025-03-01T00:00:00Z') });
    await s.insights.saveInsight(changed);
    expect(await s.insights.listInsights()).toEqual([
      changed,
      insight(2, { name: 'Signups', favorited: true }),
    ]);
  });

  it('DashboardStore: saves, replaces in place, reads tiles and filters back', async () => {
    await s.dashboards.saveDashboard(dashboard(1));
    await s.dashboards.saveDashboard(dashboard(2, { tiles: [] }));
    const changed = dashboard(1, { name: 'Renamed', version: 2, lastModifiedAt: at('2025-03-01T00:00:00Z') });
    await s.dashboards.saveDashboard(changed);
    expect(await s.dashboards.listDashboards()).toEqual([changed, dashboard(2, { tiles: [] })]);
  });

  it('ExperimentStore: saves, replaces in place, keeps start and end dates as dates', async () => {
    await s.experiments.saveExperiment(experiment(1));
    const ended = experiment(1, { endDate: at('2025-02-01T00:00:00Z'), version: 2, shippedVariant: 'test' });
    await s.experiments.saveExperiment(ended);
    await s.experiments.saveExperiment(experiment(2, { startDate: null }));
    expect(await s.experiments.listExperiments()).toEqual([ended, experiment(2, { startDate: null })]);
  });

  it('EarlyAccessStore: saves, replaces in place, keeps a free JSON payload', async () => {
    await s.earlyAccess.saveEarlyAccessFeature(feature(1));
    const changed = feature(1, { stage: 'general-availability', payload: null, version: 2 });
    await s.earlyAccess.saveEarlyAccessFeature(changed);
    expect(await s.earlyAccess.listEarlyAccessFeatures()).toEqual([changed]);
  });

  it.skipIf(!engine.relational)('goes with its project', async () => {
    const p = await s.projects.insertProject(
      { name: 'A', apiToken: 'phc_a', timezone: 'UTC', createdAt: at('2025-01-01T00:00:00Z') },
      'production',
    );
    await s.insights.saveInsight(insight(1, { projectId: p.id }));
    await s.dashboards.saveDashboard(dashboard(1, { projectId: p.id }));
    await s.experiments.saveExperiment(experiment(1, { projectId: p.id }));
    await s.earlyAccess.saveEarlyAccessFeature(feature(1, { projectId: p.id }));
    await s.insights.saveInsight(insight(2, { projectId: p.id + 100 }));
    await s.projects.deleteProject(p.id);
    expect((await s.insights.listInsights()).map((i) => i.id)).toEqual([2]);
    expect(await s.dashboards.listDashboards()).toEqual([]);
    expect(await s.experiments.listExperiments()).toEqual([]);
    expect(await s.earlyAccess.listEarlyAccessFeatures()).toEqual([]);
  });
});
