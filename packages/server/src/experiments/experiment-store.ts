import type { Experiment } from './experiment.ts';

/** Experiments are few and small: the service keeps them in memory and writes each change through. */
export interface ExperimentStore {
  /**
   * The id for a new object, from a sequence every node shares (PostgreSQL); absent where one process is the only
   * writer, which then counts ids itself.
   */
  allocateId?(): Promise<number>;
  listExperiments(): Promise<Experiment[]>;
  saveExperiment(experiment: Experiment): Promise<void>;
}
