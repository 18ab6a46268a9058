import type { Experiment } from './experiment.ts';
import type { ExperimentStore } from './experiment-store.ts';

export class FakeExperimentStore implements ExperimentStore {
  private readonly experiments = new Map<number, Experiment>();

  async listExperiments(): Promise<Experiment[]> {
    return [...this.experiments.values()].map((e) => structuredClone(e));
  }

  async saveExperiment(experiment: Experiment): Promise<void> {
    this.experiments.set(experiment.id, structuredClone(experiment));
  }
}
