import type { Experiment } from './experiment.ts';

/** Experiments are few and small: the service keeps them in memory and writes each change through. */
export interface ExperimentStore {
  listExperiments(): Promise<Experiment[]>;
  saveExperiment(experiment: Experiment): Promise<void>;
}
