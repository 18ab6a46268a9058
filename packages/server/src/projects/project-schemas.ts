import { z } from 'zod';
import { approvalsSetting } from '../change-requests/change-request-schemas.ts';

/** Intl knows the IANA zones this Node build can convert to; anything else would break every insight. */
const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const timezone = z
  .string()
  .refine(isTimeZone, { message: 'not an IANA time zone such as "Europe/Berlin" or "UTC"' });
const name = z.string().trim().min(1).max(200);

export const updateProjectSchema = z
  .object({
    name: name.optional(),
    timezone: timezone.optional(),
    /** Approvals a flag change needs in the project's environments (0: none); environments may override it. */
    flag_change_approvals: approvalsSetting.optional(),
    /** PostHog's switch: true drops `$ip` at ingestion (the data settings' `ip_handling: "drop"`). */
    anonymize_ips: z.boolean().optional(),
  })
  .strict();

export const createProjectSchema = z.object({ name, timezone: timezone.optional() }).strict();

export const deleteProjectQuerySchema = z.object({
  confirm: z.string().optional(),
  force: z.enum(['true', 'false']).optional(),
});

// Lower-case words, digits and dashes: names show in URLs, codegen flags and diffs (`from=staging`).
const environmentName = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, "-" and "_", such as "staging"');

export const createEnvironmentSchema = z
  .object({ name: environmentName, production: z.boolean().optional() })
  .strict();

export const updateEnvironmentSchema = z
  .object({
    name: environmentName.optional(),
    production: z.boolean().optional(),
    /** This environment's own approvals setting; null follows the project's again. */
    flag_change_approvals: approvalsSetting.nullable().optional(),
  })
  .strict();
