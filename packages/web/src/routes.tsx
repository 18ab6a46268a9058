import { useEffect } from 'preact/hooks';
import { AccountPage } from './account/account-page.tsx';
import { ActivityPage } from './activity/activity-page.tsx';
import { AnnotationsPage } from './annotations/annotations-page.tsx';
import { RequiresScope } from './auth/requires-scope.tsx';
import { ChangeRequestsPage } from './change-requests/change-requests-page.tsx';
import { CohortEditPage } from './cohorts/cohort-edit-page.tsx';
import { CohortNewPage } from './cohorts/cohort-new-page.tsx';
import { CohortPage } from './cohorts/cohort-page.tsx';
import { CohortsPage } from './cohorts/cohorts-page.tsx';
import { DashboardPage } from './dashboards/dashboard-page.tsx';
import { DashboardsPage } from './dashboards/dashboards-page.tsx';
import { DataManagementPage } from './data-management/data-management-page.tsx';
import { EarlyAccessPage } from './early-access/early-access-page.tsx';
import { LiveEventsPage } from './events/live-events-page.tsx';
import { ExperimentEditPage, ExperimentNewPage } from './experiments/experiment-new-page.tsx';
import { ExperimentPage } from './experiments/experiment-page.tsx';
import { ExperimentsPage } from './experiments/experiments-page.tsx';
import { FlagEditPage } from './flags/flag-edit-page.tsx';
import { FlagPage } from './flags/flag-page.tsx';
import { FlagsPage } from './flags/flags-page.tsx';
import { PromotePage } from './flags/promote-page.tsx';
import { GroupPage } from './groups/group-page.tsx';
import { GroupsPage } from './groups/groups-page.tsx';
import { InsightPage, NewInsightPage } from './insights/insight-page.tsx';
import { InsightsPage } from './insights/insights-page.tsx';
import { MembersPage } from './members/members-page.tsx';
import { PersonPage } from './persons/person-page.tsx';
import { PersonsPage } from './persons/persons-page.tsx';
import { matchPath } from './router/match-path.ts';
import { navigate } from './router/router.ts';
import { SettingsPage } from './settings/settings-page.tsx';
import { PageHeader } from './ui/page-header.tsx';
import { WebAnalyticsPage } from './web-analytics/web-analytics-page.tsx';

type Screen = (params: Record<string, string>) => preact.JSX.Element;

/** A "new …" page says what the role cannot do instead of offering a form the API would refuse. */
const writes = (scope: string, action: string, back: string, page: preact.JSX.Element) => (
  <RequiresScope scope={scope} action={action} back={back}>
    {page}
  </RequiresScope>
);

// Most specific first: "/feature_flags/new" before "/feature_flags/:id".
const ROUTES: [string, Screen][] = [
  ['/dashboards', () => <DashboardsPage />],
  ['/dashboards/:id', (p) => <DashboardPage id={Number(p.id)} />],
  ['/web', () => <WebAnalyticsPage />],
  ['/insights', () => <InsightsPage />],
  ['/insights/new', () => <NewInsightPage />],
  ['/insights/:id', (p) => <InsightPage id={Number(p.id)} />],
  ['/feature_flags', () => <FlagsPage />],
  [
    '/feature_flags/new',
    () => writes('feature_flag:write', 'create flags', '/feature_flags', <FlagEditPage />),
  ],
  ['/feature_flags/promote', () => <PromotePage />],
  ['/feature_flags/:id/edit', (p) => <FlagEditPage id={Number(p.id)} />],
  ['/feature_flags/:id', (p) => <FlagPage id={Number(p.id)} />],
  ['/change_requests', () => <ChangeRequestsPage />],
  ['/experiments', () => <ExperimentsPage />],
  [
    '/experiments/new',
    () => writes('experiment:write', 'create experiments', '/experiments', <ExperimentNewPage />),
  ],
  [
    '/experiments/:id/edit',
    (p) =>
      writes(
        'experiment:write',
        'edit experiments',
        '/experiments',
        <ExperimentEditPage id={Number(p.id)} />,
      ),
  ],
  ['/experiments/:id', (p) => <ExperimentPage id={Number(p.id)} />],
  ['/early_access_features', () => <EarlyAccessPage />],
  ['/annotations', () => <AnnotationsPage />],
  ['/data-management', () => <DataManagementPage />],
  ['/cohorts', () => <CohortsPage />],
  ['/cohorts/new', () => writes('cohort:write', 'create cohorts', '/cohorts', <CohortNewPage />)],
  ['/cohorts/:id', (p) => <CohortPage id={Number(p.id)} />],
  [
    '/cohorts/:id/edit',
    (p) => writes('cohort:write', 'edit cohorts', `/cohorts/${p.id}`, <CohortEditPage id={Number(p.id)} />),
  ],
  ['/persons', () => <PersonsPage />],
  ['/persons/:distinctId', (p) => <PersonPage distinctId={p.distinctId ?? ''} />],
  ['/groups', () => <GroupsPage />],
  ['/groups/:type/:key', (p) => <GroupPage typeIndex={Number(p.type)} groupKey={p.key ?? ''} />],
  ['/events', () => <LiveEventsPage />],
  ['/activity', () => <ActivityPage />],
  ['/settings', () => <SettingsPage />],
  ['/members', () => <MembersPage />],
  ['/account', () => <AccountPage />],
];

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

export function Routes({ path }: { path: string }) {
  if (path === '/' || path === '') return <Redirect to="/feature_flags" />;
  for (const [pattern, screen] of ROUTES) {
    const params = matchPath(pattern, path);
    if (params) return screen(params);
  }
  return <PageHeader title="Page not found" subtitle={`Nothing lives at ${path}.`} />;
}
