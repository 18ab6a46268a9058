/**
 * One deployment stage of a project (PostHog's "team"): its own public key, its own events and persons, its own
 * configuration of every flag. Environment and project ids share one number space and a project's first
 * environment has the project's id, so data written before environments existed (keyed by project id) is that
 * first environment's without a rewrite.
 */
export interface Environment {
  id: number;
  projectId: number;
  name: string;
  /** The public `phc_…` key SDKs send events and flag requests with; it decides the environment. */
  apiToken: string;
  /** Marked in the web app so nobody flips a production switch by mistake. */
  production: boolean;
  createdAt: Date;
}

export type EnvironmentChanges = Partial<Pick<Environment, 'name' | 'production' | 'apiToken'>>;
