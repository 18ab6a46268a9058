import type { Experiment } from '../../experiments/experiment.ts';
import type { ExperimentStore } from '../../experiments/experiment-store.ts';
import type { DuckDbDatabase } from './duckdb-database.ts';
import { fromDocument, toDocument } from './json-documents.ts';
import { timestampValue } from './row-values.ts';

const DATE_FIELDS = ['startDate', 'endDate', 'createdAt', 'updatedAt'] as const;

export class DuckDbExperimentStore implements ExperimentStore {
  constructor(private readonly db: DuckDbDatabase) {}

  async listExperiments(): Promise<Experiment[]> {
    const rows = await this.db.query('SELECT data FROM experiments ORDER BY id');
    return rows.map((r) => fromDocument<Experiment>(r.data, DATE_FIELDS));
  }

  async saveExperiment(experiment: Experiment): Promise<void> {
    await this.db.write((c) =>
      c.run(
        `INSERT INTO experiments VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET data = excluded.data, version = excluded.version,
           deleted = excluded.deleted, updated_at = excluded.updated_at`,
        [
          experiment.id,
          experiment.projectId,
          toDocument(experiment),
          experiment.version,
          experiment.deleted,
          timestampValue(experiment.updatedAt),
        ],
      ),
    );
  }
}
