import type { Dashboard } from '../../dashboards/dashboard.ts';
import type { DashboardStore } from '../../dashboards/dashboard-store.ts';
import type { EarlyAccessFeature } from '../../early-access/early-access-feature.ts';
import type { EarlyAccessStore } from '../../early-access/early-access-store.ts';
import type { Experiment } from '../../experiments/experiment.ts';
import type { ExperimentStore } from '../../experiments/experiment-store.ts';
import type { Insight } from '../../insights/insight.ts';
import type { InsightStore } from '../../insights/insight-store.ts';
import { allocateId, listDocuments, upsertDocument } from './document-tables.ts';
import type { PostgresDatabase } from './postgres-database.ts';

// Four ports with one shape (list every document, write one through), kept together so they cannot drift apart.

export class PostgresInsightStore implements InsightStore {
  constructor(private readonly db: PostgresDatabase) {}

  allocateId(): Promise<number> {
    return allocateId(this.db, 'insights');
  }

  listInsights(): Promise<Insight[]> {
    return listDocuments(this.db, 'insights', ['createdAt', 'lastModifiedAt']);
  }

  saveInsight(i: Insight): Promise<void> {
    const row = {
      id: i.id,
      projectId: i.projectId,
      version: i.version,
      deleted: i.deleted,
      updatedAt: i.lastModifiedAt,
    };
    return upsertDocument(
      this.db,
      'insights',
      { ...row, extra: { column: 'short_id', value: i.shortId } },
      i,
    );
  }
}

export class PostgresDashboardStore implements DashboardStore {
  constructor(private readonly db: PostgresDatabase) {}

  allocateId(): Promise<number> {
    return allocateId(this.db, 'dashboards');
  }

  listDashboards(): Promise<Dashboard[]> {
    return listDocuments(this.db, 'dashboards', ['createdAt', 'lastModifiedAt']);
  }

  saveDashboard(d: Dashboard): Promise<void> {
    const row = {
      id: d.id,
      projectId: d.projectId,
      version: d.version,
      deleted: d.deleted,
      updatedAt: d.lastModifiedAt,
    };
    return upsertDocument(this.db, 'dashboards', row, d);
  }
}

export class PostgresExperimentStore implements ExperimentStore {
  constructor(private readonly db: PostgresDatabase) {}

  allocateId(): Promise<number> {
    return allocateId(this.db, 'experiments');
  }

  listExperiments(): Promise<Experiment[]> {
    return listDocuments(this.db, 'experiments', ['startDate', 'endDate', 'createdAt', 'updatedAt']);
  }

  saveExperiment(e: Experiment): Promise<void> {
    const row = {
      id: e.id,
      projectId: e.projectId,
      version: e.version,
      deleted: e.deleted,
      updatedAt: e.updatedAt,
    };
    return upsertDocument(this.db, 'experiments', row, e);
  }
}

export class PostgresEarlyAccessStore implements EarlyAccessStore {
  constructor(private readonly db: PostgresDatabase) {}

  allocateId(): Promise<number> {
    return allocateId(this.db, 'early_access_features');
  }

  listEarlyAccessFeatures(): Promise<EarlyAccessFeature[]> {
    return listDocuments(this.db, 'early_access_features', ['createdAt', 'updatedAt']);
  }

  saveEarlyAccessFeature(f: EarlyAccessFeature): Promise<void> {
    const row = {
      id: f.id,
      projectId: f.projectId,
      version: f.version,
      deleted: f.deleted,
      updatedAt: f.updatedAt,
    };
    return upsertDocument(this.db, 'early_access_features', row, f);
  }
}
