/**
 * A behavioural cohort's members in one environment as the membership job last computed them: flags read
 * this (a set lookup), never the events. Keyed by environment because persons are each environment's.
 */
export interface ComputedMembership {
  cohortId: number;
  environmentId: number;
  distinctIds: string[];
  computedAt: Date;
}
