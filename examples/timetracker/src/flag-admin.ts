import { adminRequest } from './admin-request.ts';
import { TimetrackerError } from './timetracker-error.ts';

export interface FlagResource {
  id: number;
  key: string;
  active: boolean;
  filters: Record<string, unknown>;
}

export interface FlagInput {
  key: string;
  name: string;
  active?: boolean;
  filters: Record<string, unknown>;
}

/** The management API (`/api/projects/@current/feature_flags/`) with a personal key: Signpost's or PostHog's. */
export class FlagAdmin {
  private readonly base: string;

  constructor(
    host: string,
    private readonly personalApiKey: string,
  ) {
    this.base = `${host.replace(/\/+$/, '')}/api/projects/@current/feature_flags/`;
  }

  async find(key: string): Promise<FlagResource | undefined> {
    const page = await this.request<{ results: FlagResource[] }>('GET', `?search=${encodeURIComponent(key)}`);
    return page.results.find((f) => f.key === key);
  }

  create(flag: FlagInput): Promise<FlagResource> {
    return this.request('POST', '', { active: true, ...flag });
  }

  update(id: number, changes: Partial<FlagInput>): Promise<FlagResource> {
    return this.request('PATCH', `${id}/`, changes);
  }

  /** Sets a one-condition flag's rollout, e.g. a kill switch to 0% (off for everyone) or back to 100%. */
  async setRollout(key: string, rolloutPercentage: number): Promise<FlagResource> {
    const flag = await this.find(key);
    if (!flag) throw new TimetrackerError('FLAG_SETUP_FAILED', `No flag "${key}" to roll out.`);
    return this.update(flag.id, {
      filters: { ...flag.filters, groups: [{ properties: [], rollout_percentage: rolloutPercentage }] },
    });
  }

  private request<T>(method: string, path: string, body?: unknown): Promise<T> {
    return adminRequest(`${this.base}${path}`, this.personalApiKey, method, body);
  }
}
