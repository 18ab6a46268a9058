import { z } from 'zod';
import { CHANGE_REQUEST_STATUSES } from './change-request.ts';

export const listChangeRequestsQuerySchema = z.object({
  status: z.enum(CHANGE_REQUEST_STATUSES).optional(),
});

export const rejectChangeRequestSchema = z.object({ comment: z.string().trim().min(1).max(2000) }).strict();

/** `?bypass_approval=true` on a flag write: an admin's emergency path past approvals (the kill switch). */
export const bypassQuerySchema = z.object({ bypass_approval: z.enum(['true', 'false']).optional() });

/** The approvals setting on a project or environment PATCH; null on an environment drops its override. */
export const approvalsSetting = z.number().int().min(0).max(10);
