import { PROJECT } from '../api/endpoints.ts';
import { get, patch, post, query } from '../api/http.ts';
import type { CreateExperimentBody } from './experiment-draft.ts';
import type { Experiment, ExperimentResults } from './experiment-types.ts';

const BASE = `${PROJECT}/experiments`;

export const listExperiments = () => get<{ results: Experiment[] }>(`${BASE}/${query({ limit: 500 })}`);
export const getExperiment = (id: number) => get<Experiment>(`${BASE}/${id}/`);
export const createExperiment = (body: CreateExperimentBody) => post<Experiment>(`${BASE}/`, body);
export const updateExperiment = (id: number, body: Record<string, unknown>) =>
  patch<Experiment>(`${BASE}/${id}/`, body);
export const experimentResults = (id: number, refresh: boolean) =>
  get<ExperimentResults>(`${BASE}/${id}/results/${refresh ? '?refresh=true' : ''}`);
export const shipVariant = (id: number, variant: string) =>
  post<Experiment>(`${BASE}/${id}/ship_variant/`, { variant });
