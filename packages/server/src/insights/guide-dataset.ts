import type { SeedEvent } from './query-test-kit.ts';

const at = (day: number, time = '10:00') => `2024-03-0${day}T${time}:00Z`;
const health = (id: string, day: number, version: string, time = '10:00'): SeedEvent => ({
  event: 'telemetry.health',
  distinct_id: id,
  timestamp: at(day, time),
  properties: { version, $groups: { version } },
});

/** A small TimeTracker week (1–7 March 2024, UTC) whose answers are counted by hand in the tests. */
export const GUIDE_EVENTS: SeedEvent[] = [
  {
    event: '$identify',
    distinct_id: 'alice',
    timestamp: at(1, '08:00'),
    properties: { $set: { role: 'admin' } },
  },
  {
    event: '$identify',
    distinct_id: 'bob',
    timestamp: at(1, '08:00'),
    properties: { $set: { role: 'user' } },
  },
  {
    event: '$identify',
    distinct_id: 'carol',
    timestamp: at(1, '08:00'),
    properties: { $set: { role: 'user' } },
  },
  { event: 'auth.login', distinct_id: 'alice', timestamp: at(1), properties: { auth_method: 'oidc' } },
  { event: 'auth.login', distinct_id: 'bob', timestamp: at(1), properties: { auth_method: 'local' } },
  { event: 'auth.login', distinct_id: 'carol', timestamp: at(2), properties: { auth_method: 'oidc' } },
  { event: 'auth.login', distinct_id: 'alice', timestamp: at(3), properties: { auth_method: 'oidc' } },
  { event: 'project.created', distinct_id: 'alice', timestamp: at(1) },
  { event: 'project.created', distinct_id: 'alice', timestamp: at(2) },
  { event: 'project.created', distinct_id: 'bob', timestamp: at(2) },
  health('inst-1', 1, '3.0.0'),
  health('inst-1', 1, '3.0.0', '11:00'),
  health('inst-1', 2, '3.0.0'),
  health('inst-2', 1, '2.9.0'),
  health('inst-3', 2, '3.0.0'),
  {
    event: 'telemetry.install',
    distinct_id: 'inst-1',
    timestamp: at(1),
    properties: { deployment_method: 'docker' },
  },
  {
    event: 'telemetry.install',
    distinct_id: 'inst-2',
    timestamp: at(1),
    properties: { deployment_method: 'native' },
  },
  {
    event: 'telemetry.install',
    distinct_id: 'inst-3',
    timestamp: at(2),
    properties: { deployment_method: 'docker' },
  },
  {
    event: 'telemetry.update',
    distinct_id: 'inst-2',
    timestamp: at(3),
    properties: { old_version: '2.9.0', new_version: '3.0.0' },
  },
  {
    event: 'telemetry.update',
    distinct_id: 'inst-1',
    timestamp: at(3),
    properties: { old_version: '2.8.0', new_version: '3.0.0' },
  },
  {
    event: 'telemetry.update',
    distinct_id: 'inst-3',
    timestamp: at(4),
    properties: { old_version: '2.9.0', new_version: '3.1.0' },
  },
  { event: 'timer.started', distinct_id: 'alice', timestamp: at(1, '09:15') },
  { event: 'timer.started', distinct_id: 'alice', timestamp: at(2, '09:45') },
  { event: 'timer.started', distinct_id: 'bob', timestamp: at(1, '14:00') },
  // anon-1 becomes dave: one person; guests are personless and count by distinct id.
  { event: 'page', distinct_id: 'anon-1', timestamp: at(1, '07:00') },
  {
    event: '$identify',
    distinct_id: 'dave',
    timestamp: at(1, '07:30'),
    properties: { $anon_distinct_id: 'anon-1' },
  },
  { event: 'page', distinct_id: 'dave', timestamp: at(1, '08:00') },
  { event: 'page', distinct_id: 'guest-1', timestamp: at(1), properties: { $process_person_profile: false } },
  { event: 'page', distinct_id: 'guest-1', timestamp: at(1), properties: { $process_person_profile: false } },
  { event: 'page', distinct_id: 'guest-2', timestamp: at(1), properties: { $process_person_profile: false } },
  { event: 'export.done', distinct_id: 'alice', timestamp: at(5), properties: { rows: 10 } },
  { event: 'export.done', distinct_id: 'alice', timestamp: at(5), properties: { rows: 20 } },
  { event: 'export.done', distinct_id: 'bob', timestamp: at(5), properties: { rows: '30' } },
  { event: 'export.done', distinct_id: 'bob', timestamp: at(6), properties: { rows: 'abc' } },
  { event: 'export.done', distinct_id: 'carol', timestamp: at(6), properties: { rows: true } },
];
