import type { ChangeRequestStore } from './change-request-store.ts';

/** A project's approval settings as the API shows them: the default and each environment's override. */
export interface ApprovalSettings {
  projectDefault: number;
  environments: Map<number, number>;
}

export async function approvalSettingsOf(
  store: ChangeRequestStore,
  projectId: number,
): Promise<ApprovalSettings> {
  const environments = new Map<number, number>();
  let projectDefault = 0;
  for (const s of await store.listApprovalSettings(projectId)) {
    if (s.environmentId === null) projectDefault = s.required;
    else environments.set(s.environmentId, s.required);
  }
  return { projectDefault, environments };
}

/** Approvals a flag change in this environment needs: its own setting, else the project's; 0 is "apply at once". */
export const requiredIn = (settings: ApprovalSettings, environmentId: number): number =>
  settings.environments.get(environmentId) ?? settings.projectDefault;
