import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { ChangeContext } from '../activity-log/activity-entry.ts';
import type { ChangeContextOf } from '../activity-log/change-context.ts';
import { type ApiEnv, environmentOf, projectOf } from '../api/api-auth.ts';
import { idParam, parseJsonBody, validateInput } from '../api/json-body.ts';
import { parseQuery } from '../api/query-params.ts';
import type { ChangeRequest } from '../change-requests/change-request.ts';
import { changeRequestJson } from '../change-requests/change-request-json.ts';
import type { FlagChangeGate } from '../change-requests/flag-change-gate.ts';
import { AppError } from '../errors/app-error.ts';
import type { Environment } from '../projects/environment.ts';
import { environmentJson } from '../projects/project-json.ts';
import type { ProjectService } from '../projects/project-service.ts';
import { flagJson } from './flag-json.ts';
import { filtersSchema } from './flag-schemas.ts';
import type { FlagService } from './flag-service.ts';

const BASE = '/api/projects/:projectId/feature_flags';

const diffQuerySchema = z.object({ from: z.string().min(1).max(60), to: z.string().min(1).max(60) });

export const promoteSchema = z
  .object({
    from: z.union([z.string().min(1).max(60), z.number().int()]),
    to: z.union([z.string().min(1).max(60), z.number().int()]),
    flags: z
      .array(z.union([z.number().int().positive(), z.string().min(1).max(400)]))
      .min(1)
      .max(1000),
    reason: z.string().trim().min(1).max(500),
  })
  .strict();

/** Flags across a project's environments: side by side, the difference between two, and promotion. */
export function flagEnvironmentRoutes(
  flags: FlagService,
  projects: ProjectService,
  changeOf: ChangeContextOf,
  /** Promotion into an environment that needs approvals holds each flag's change as a change request. */
  gate?: FlagChangeGate,
): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });
  // An environment of the request's project, by name ("staging") or id.
  const named = (c: Context<ApiEnv>, ref: string | number, attr: string): Environment => {
    const all = projects.environmentsOf(projectOf(c).id);
    const found = all.find((e) => String(e.id) === String(ref) || e.name === String(ref).toLowerCase());
    if (!found)
      throw new AppError(
        'ENVIRONMENT_NOT_FOUND',
        `The project has no environment "${ref}" (it has ${all.map((e) => e.name).join(', ')}).`,
        attr,
      );
    return found;
  };

  app.get(`${BASE}/environment_diff`, (c) => {
    const q = parseQuery(c, diffQuerySchema);
    const from = named(c, q.from, 'from');
    const to = named(c, q.to, 'to');
    const flagsDiffering = flags
      .environmentDiff(from.id, to.id)
      .map(({ flag, differences }) => ({ id: flag.id, key: flag.key, name: flag.name, differences }));
    return c.json({ from: environmentJson(from), to: environmentJson(to), flags: flagsDiffering });
  });

  app.post(`${BASE}/promote`, async (c) => {
    const input = await parseJsonBody(c, promoteSchema);
    const from = named(c, input.from, 'from');
    const to = named(c, input.to, 'to');
    if (from.id === to.id)
      throw new AppError('INVALID_BODY', 'Promote between two different environments.', 'to');
    const ids = input.flags.map((ref) => {
      const flag = typeof ref === 'number' ? flags.get(to.id, ref) : flags.byKey(to.id, ref);
      if (!flag) throw new AppError('FLAG_NOT_FOUND', `No feature flag "${ref}".`, 'flags');
      return flag.id;
    });
    let by: ChangeContext = { ...changeOf(c), reason: input.reason };
    if (gate) {
      // Checked whole first (shapes, dependencies), so a refused promotion leaves no request behind. Each
      // flag then waits for its own approval: reviewers see one diff per flag, as for any other change.
      const requested: ChangeRequest[] = [];
      for (const { flag, settings } of flags.promotionUpdates(from.id, to.id, ids)) {
        const update = { active: settings.active, filters: validateInput(filtersSchema, settings.filters) };
        const outcome = await gate(c, to.id, flag.id, update, input.reason);
        if (!outcome.requested) {
          by = outcome.by;
          break;
        }
        requested.push(outcome.requested);
      }
      if (requested.length > 0)
        return c.json(
          {
            from: environmentJson(from),
            to: environmentJson(to),
            promoted: [],
            change_requests: requested.map(changeRequestJson),
          },
          202,
        );
    }
    const promoted = await flags.promote(from.id, to.id, ids, by);
    return c.json({
      from: environmentJson(from),
      to: environmentJson(to),
      promoted: promoted.map(({ flag, differences }) => ({ id: flag.id, key: flag.key, differences })),
    });
  });

  app.get(`${BASE}/:id/environments`, (c) => {
    const environments = projects.environmentsOf(projectOf(c).id);
    const settings = flags.settingsAcross(
      environmentOf(c).id,
      idParam(c),
      environments.map((e) => e.id),
    );
    const results = environments.map((environment, i) => ({
      environment: environmentJson(environment),
      active: settings[i]?.active ?? false,
      filters: settings[i]?.filters ?? {},
      flag: flagJson(flags.get(environment.id, idParam(c))),
    }));
    return c.json({ results });
  });
  return app;
}
