import { z } from 'zod';
import { ROLES } from '../access/roles.ts';

export const roleSchema = z.enum(ROLES);

export const inviteSchema = z.object({ email: z.email().max(320), role: roleSchema });

export const updateMemberSchema = z
  .object({ role: roleSchema.optional(), status: z.enum(['active', 'deactivated']).optional() })
  .refine((v) => v.role !== undefined || v.status !== undefined, { message: 'send "role" and/or "status"' });

const password = z.string().min(8, 'must be at least 8 characters').max(200);

export const acceptInviteSchema = z.object({
  token: z.string().min(1).max(200),
  password,
  name: z.string().trim().max(200).default(''),
});

export const resetPasswordSchema = z.object({ token: z.string().min(1).max(200), password });

export const changePasswordSchema = z.object({
  current_password: z.string().max(200),
  new_password: password,
});
