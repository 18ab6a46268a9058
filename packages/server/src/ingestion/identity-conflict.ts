/**
 * Thrown by a store shared by several nodes when a commit's identity changes were computed from rows another
 * node has changed since. Nothing of the commit was written; the writer forgets what it cached about these
 * identities, reads them again and processes the batch anew.
 */
export class IdentityConflictError extends Error {
  constructor(
    /** Distinct ids (per project) and groups whose cached state is stale; group types reload whole. */
    readonly stale: {
      distinctIds: { projectId: number; distinctId: string }[];
      personIds: string[];
      groups: { projectId: number; groupTypeIndex: number; groupKey: string }[];
      groupTypeProjects: number[];
    },
  ) {
    super('identity rows changed on another node since they were read');
    this.name = 'IdentityConflictError';
  }
}
