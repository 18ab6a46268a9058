import { adminRequest } from './admin-request.ts';

export interface ExperimentResource {
  id: number;
  name: string;
  feature_flag_key: string;
  start_date: string | null;
  end_date: string | null;
  archived: boolean;
}

export interface ExperimentVariantInput {
  key: string;
  name?: string;
  rollout_percentage: number;
}

export interface ExperimentInput {
  name: string;
  description?: string;
  feature_flag_key: string;
  /** The split of a flag the experiment creates; a linked flag keeps its own variants. */
  parameters?: { feature_flag_variants: ExperimentVariantInput[] };
  /** `ExperimentMetric` nodes; the first is the primary metric. */
  metrics?: Record<string, unknown>[];
  /** Set: the experiment is launched (its flag switched on) as it is created. */
  start_date?: string;
}

interface ExperimentPage {
  results: ExperimentResource[];
  next: string | null;
}

/** The experiments API (`/api/projects/@current/experiments/`) with a personal key. */
export class ExperimentAdmin {
  private readonly base: string;

  constructor(
    host: string,
    private readonly personalApiKey: string,
  ) {
    this.base = `${host.replace(/\/+$/, '')}/api/projects/@current/experiments/`;
  }

  /** The experiment on this flag (draft, running, stopped or archived), if there is one. */
  async findByFlag(flagKey: string): Promise<ExperimentResource | undefined> {
    let url: string | null = `${this.base}?limit=100`;
    while (url) {
      const page: ExperimentPage = await adminRequest(url, this.personalApiKey, 'GET');
      const found = page.results.find((e) => e.feature_flag_key === flagKey);
      if (found) return found;
      url = page.next;
    }
    return undefined;
  }

  /** Creates the experiment, with a new flag or on the existing flag of that key. */
  create(experiment: ExperimentInput): Promise<ExperimentResource> {
    return adminRequest(this.base, this.personalApiKey, 'POST', experiment);
  }

  /** `{ end_date }` stops it, `{ archived: true }` archives it. */
  update(id: number, changes: Partial<Pick<ExperimentResource, 'end_date' | 'archived'>>) {
    return adminRequest<ExperimentResource>(`${this.base}${id}/`, this.personalApiKey, 'PATCH', changes);
  }
}
