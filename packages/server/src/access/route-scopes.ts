import type { Scope } from './scopes.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * The one table of what every authenticated route needs. A route missing here cannot be reached by anyone
 * (`requireScope` answers 404 before routing), and a test checks that every registered route has its row, so a
 * new route is never accidentally open.
 */
export const ROUTE_SCOPES: readonly (readonly [Method, string, Scope])[] = [
  ['GET', '/flags/definitions', 'feature_flag:read'],
  ['GET', '/api/feature_flag/local_evaluation', 'feature_flag:read'],
  ['GET', '/api/personal_api_keys', 'personal_api_key:read'],
  ['POST', '/api/personal_api_keys', 'personal_api_key:write'],
  ['DELETE', '/api/personal_api_keys/:id', 'personal_api_key:write'],
  ['GET', '/api/projects/:projectId', 'project:read'],
  ['PATCH', '/api/projects/:projectId', 'project:write'],
  ['GET', '/api/projects/:projectId/cohorts', 'cohort:read'],
  ['POST', '/api/projects/:projectId/cohorts', 'cohort:write'],
  ['GET', '/api/projects/:projectId/cohorts/:id', 'cohort:read'],
  ['PATCH', '/api/projects/:projectId/cohorts/:id', 'cohort:write'],
  ['DELETE', '/api/projects/:projectId/cohorts/:id', 'cohort:write'],
  ['GET', '/api/projects/:projectId/cohorts/:id/persons', 'cohort:read'],
  ['GET', '/api/projects/:projectId/dashboard_templates', 'dashboard:read'],
  ['GET', '/api/projects/:projectId/dashboards', 'dashboard:read'],
  ['POST', '/api/projects/:projectId/dashboards', 'dashboard:write'],
  ['GET', '/api/projects/:projectId/dashboards/:id', 'dashboard:read'],
  ['PATCH', '/api/projects/:projectId/dashboards/:id', 'dashboard:write'],
  ['DELETE', '/api/projects/:projectId/dashboards/:id', 'dashboard:write'],
  ['GET', '/api/projects/:projectId/events', 'query:read'],
  ['GET', '/api/projects/:projectId/events/export', 'export:read'],
  ['GET', '/api/projects/:projectId/experiments', 'experiment:read'],
  ['POST', '/api/projects/:projectId/experiments', 'experiment:write'],
  ['GET', '/api/projects/:projectId/experiments/:id', 'experiment:read'],
  ['PATCH', '/api/projects/:projectId/experiments/:id', 'experiment:write'],
  ['DELETE', '/api/projects/:projectId/experiments/:id', 'experiment:write'],
  ['GET', '/api/projects/:projectId/experiments/:id/results', 'experiment:read'],
  ['POST', '/api/projects/:projectId/experiments/:id/ship_variant', 'experiment:write'],
  ['GET', '/api/projects/:projectId/feature_flags', 'feature_flag:read'],
  ['POST', '/api/projects/:projectId/feature_flags', 'feature_flag:write'],
  ['GET', '/api/projects/:projectId/feature_flags/local_evaluation', 'feature_flag:read'],
  ['GET', '/api/projects/:projectId/feature_flags/:id', 'feature_flag:read'],
  ['PATCH', '/api/projects/:projectId/feature_flags/:id', 'feature_flag:write'],
  ['DELETE', '/api/projects/:projectId/feature_flags/:id', 'feature_flag:write'],
  ['GET', '/api/projects/:projectId/feature_flags/:id/activity', 'feature_flag:read'],
  ['GET', '/api/projects/:projectId/feature_flags/:key/remote_config', 'feature_flag:read'],
  ['GET', '/api/projects/:projectId/groups', 'group:read'],
  ['GET', '/api/projects/:projectId/groups/find', 'group:read'],
  ['GET', '/api/projects/:projectId/groups_types', 'group:read'],
  ['GET', '/api/projects/:projectId/insights', 'insight:read'],
  ['POST', '/api/projects/:projectId/insights', 'insight:write'],
  ['GET', '/api/projects/:projectId/insights/:id', 'insight:read'],
  ['PATCH', '/api/projects/:projectId/insights/:id', 'insight:write'],
  ['DELETE', '/api/projects/:projectId/insights/:id', 'insight:write'],
  ['GET', '/api/projects/:projectId/persons', 'person:read'],
  ['POST', '/api/projects/:projectId/query', 'query:read'],
];
