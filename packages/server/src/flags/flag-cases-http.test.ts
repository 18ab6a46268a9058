import { readdirSync, readFileSync } from 'node:fs';
import {
  compileLinearRegex,
  type Definitions,
  type FlagDefinition,
  type FlagProperty,
  PROPERTY_OPERATORS,
  type PropertyGroup,
} from '@signpost/flags-engine';
import { afterAll, describe, expect, it } from 'vitest';
import { apiClient } from '../testing/api-client.ts';
import { type InProcess, inProcess } from '../testing/in-process.ts';
import { TEST_PROJECT_KEY } from '../testing/test-server.ts';

// Replays the engine's conformance suite (packages/flags-engine/cases/*.json, format in its README) through
// the HTTP API: each case's definitions are created with the management API in a fresh server, and the
// expected server-mode answers are checked against POST /flags?v=2. Cases that HTTP cannot express are
// skipped (with the reason printed at the end) or, where the server refuses the definitions, the refusal is
// asserted instead.

const FLAGS = '/api/projects/@current/feature_flags/';
const COHORTS = '/api/projects/@current/cohorts/';
const SEED_ID = 'signpost-conformance-seed';

interface JsonContext {
  distinctId?: string;
  deviceId?: string;
  groups?: Record<string, string>;
  personProperties?: Record<string, unknown>;
  groupProperties?: Record<string, Record<string, unknown>>;
  hashKeyOverride?: string;
  now: string;
  mode?: 'server' | 'local';
  timezone?: string;
  cohortMembership?: Record<string, boolean>;
}

interface Expectation {
  absent?: boolean;
  inconclusive?: boolean;
  code?: string;
  value?: boolean | string;
  variant?: string | null;
  payload?: unknown;
  payloadRaw?: string;
  reason?: { code: string; conditionIndex: number | null; description?: string };
}

interface Case {
  name: string;
  definitions: Definitions;
  context: JsonContext;
  expected: Record<string, Expectation>;
}

interface Sequence {
  name: string;
  flag: string;
  definitions: Definitions;
  context: JsonContext;
  distinctIds: { prefix: string; from: number; count: number };
  values: Array<boolean | string>;
}

interface TableRow {
  operator: string;
  value: unknown;
  property?: unknown;
  server: boolean;
  local: boolean | string;
}

interface CaseFile {
  version: number;
  description: string;
  context?: JsonContext;
  cases?: Case[];
  sequences?: Sequence[];
  tables?: Array<{ name: string; rows: TableRow[] }>;
}

/** A flag in a `/flags?v=2` response. */
interface FlagDetails {
  key: string;
  enabled: boolean;
  variant: string | null;
  failed?: true;
  reason: { code: string; condition_index: number | null; description: string } | null;
  metadata: { payload: string | null };
}

interface Refusal {
  why: string;
  /** The definitions without the refused part, replayed too (payload expectations are then not checked). */
  without?: (definitions: Definitions) => Definitions;
}

/**
 * Definitions the server refuses on purpose (the engine still specifies how it would evaluate them, for
 * definitions served by PostHog itself): creating them must fail with 400 INVALID_FLAG.
 */
const REFUSED: Record<string, Refusal> = {
  'an override naming no existing variant falls back to the hashed variant': {
    why: 'a condition may not override to a variant the flag lacks',
  },
  'static cohort missing from definitions is inconclusive': {
    why: 'a flag may not target a cohort that does not exist',
  },
  'missing dependency: server answers false with missing_dependency': {
    why: 'a flag may not depend on a flag that does not exist',
  },
  'a payload that is not JSON is returned as the string': { why: 'payloads must be valid JSON' },
  // PostHog's API refuses it too ("payload keys must be 'true' or a variant"); the rest of the case is replayed.
  'holdout at 100% holds everyone out with holdout-<id>': {
    why: 'payload keys must be "true" or a variant, not holdout-<id>',
    without: (d) => ({
      ...d,
      flags: d.flags.map((f) => ({ ...f, filters: { ...f.filters, payloads: {} } })),
    }),
  },
};

/** Cases whose meaning HTTP cannot express, by name. */
const NOT_EXPRESSIBLE: Record<string, string> = {
  'property_matching_version 2 turns off truthy coercion of exact':
    'property_matching_version is a definitions-level switch with no server setting',
  'early_exit (local): targeted but out of rollout stops at that condition':
    'early_exit is an SDK (local evaluation) setting; the server case is replayed',
};

const casesDir = new URL('../../../flags-engine/cases/', import.meta.url);
const files = readdirSync(casesDir)
  .filter((name) => name.endsWith('.json'))
  .sort();

/** Replayed items by name, with a note when the replay differs from a plain one. */
const replayed = new Map<string, string | undefined>();
const refused: Array<{ name: string; why: string }> = [];
const skipped: Array<{ name: string; why: string }> = [];

const RELATIVE_DATE = /^-?(\d+)([hdwmy])$/;
const DATE_OPERATORS = new Set(['is_date_before', 'is_date_after', 'is_date_exact']);

function isProperty(v: PropertyGroup | FlagProperty): v is FlagProperty {
  return !('values' in v) && 'key' in v;
}

function groupLeaves(group: PropertyGroup): FlagProperty[] {
  return (group.values ?? []).flatMap((v) => (isProperty(v) ? [v] : groupLeaves(v)));
}

function flagLeaves(flag: FlagDefinition): FlagProperty[] {
  const conditions = [...(flag.filters.groups ?? []), ...(flag.filters.super_groups ?? [])];
  return conditions.flatMap((c) => c.properties ?? []);
}

/** Whether any filter compares against a date relative to the clock (`-7d`), which HTTP cannot pin. */
function usesRelativeDates(definitions: Definitions): boolean {
  const leaves = [
    ...definitions.flags.flatMap(flagLeaves),
    ...Object.values(definitions.cohorts ?? {}).flatMap(groupLeaves),
  ];
  return leaves.some(
    (p) => DATE_OPERATORS.has(p.operator ?? '') && RELATIVE_DATE.test(String(p.value ?? '').trim()),
  );
}

type Plan = { kind: 'replay' } | ({ kind: 'refuse' } & Refusal) | { kind: 'skip'; why: string };

function planCase(c: Case): Plan {
  const notExpressible = NOT_EXPRESSIBLE[c.name];
  if (notExpressible) return { kind: 'skip', why: notExpressible };
  const mode = c.context.mode ?? 'server';
  const expectations = Object.values(c.expected);
  // A conclusive local answer is, by the engine's design, what the server answers for the same context.
  if (mode === 'local' && expectations.some((e) => e.inconclusive))
    return { kind: 'skip', why: 'local mode, inconclusive (asks the server instead)' };
  if (c.context.timezone && c.context.timezone !== 'UTC')
    return { kind: 'skip', why: `timezone ${c.context.timezone}: projects are always UTC, no API sets it` };
  if (usesRelativeDates(c.definitions))
    return { kind: 'skip', why: `relative dates against now=${c.context.now}, not the server clock` };
  const refusal = REFUSED[c.name];
  if (refusal) return { kind: 'refuse', ...refusal };
  return { kind: 'replay' };
}

// ——— Server set-up from definitions ———

interface Prepared {
  sp: InProcess;
  /** Status and body of each flag creation, by key. */
  created: Map<string, { status: number; json: Record<string, unknown> }>;
}

/** Orders definitions so that what a flag or cohort references is created first (unknown references last). */
function topological<T>(items: Map<string, T>, refs: (item: T) => string[]): string[] {
  const order: string[] = [];
  const visit = (id: string, path: string[]) => {
    if (order.includes(id) || path.includes(id)) return;
    const item = items.get(id);
    if (item === undefined) return;
    for (const ref of refs(item)) visit(ref, [...path, id]);
    order.push(id);
  };
  for (const id of items.keys()) visit(id, []);
  return order;
}

function remapGroup(group: PropertyGroup, ids: Map<string, number>): PropertyGroup {
  return {
    ...group,
    values: (group.values ?? []).map((v) =>
      isProperty(v) ? remapProperty(v, ids) : remapGroup(v as PropertyGroup, ids),
    ),
  };
}

function remapProperty(p: FlagProperty, ids: Map<string, number>): FlagProperty {
  if (p.type !== 'cohort') return p;
  return { ...p, value: ids.get(String(p.value)) ?? p.value };
}

/** A fresh server holding the case's group types, cohorts and flags (ids remapped to the server's). */
async function prepare(definitions: Definitions, context: JsonContext): Promise<Prepared> {
  const sp = await inProcess('memory');
  try {
    return { sp, created: await define(sp, definitions, context) };
  } catch (error) {
    await sp.stop();
    throw error;
  }
}

async function define(
  sp: InProcess,
  definitions: Definitions,
  context: JsonContext,
): Promise<Prepared['created']> {
  const api = apiClient(sp.signpost);

  // Group types get their index from the order in which ingestion first sees them.
  const mapping = Object.entries(definitions.group_type_mapping ?? {}).sort(
    ([a], [b]) => Number(a) - Number(b),
  );
  for (const [, type] of mapping) {
    const res = await sp.capture({
      api_key: TEST_PROJECT_KEY,
      batch: [{ event: 'seed', distinct_id: SEED_ID, properties: { $groups: { [type]: SEED_ID } } }],
    });
    expect(res.status).toBe(200);
  }
  if (mapping.length > 0) {
    const served = await sp.api<Definitions>(`${FLAGS}local_evaluation`);
    expect(served.group_type_mapping).toEqual(definitions.group_type_mapping);
  }

  // Cohorts: static ones (referenced but not defined) from cohortMembership, then dynamic ones in order.
  const ids = new Map<string, number>();
  const cohorts = new Map(Object.entries(definitions.cohorts ?? {}));
  const referenced = [...definitions.flags.flatMap(flagLeaves), ...[...cohorts.values()].flatMap(groupLeaves)]
    .filter((p) => p.type === 'cohort')
    .map((p) => String(p.value));
  for (const id of new Set(referenced)) {
    if (cohorts.has(id)) continue;
    const member = context.cohortMembership?.[id];
    if (member === undefined) continue; // unknown membership: the cohort does not exist on the server
    const res = await api.post(COHORTS, {
      name: `static ${id}`,
      is_static: true,
      distinct_ids: member && context.distinctId ? [context.distinctId] : [],
    });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    ids.set(id, res.json.id);
  }
  const cohortOrder = topological(cohorts, (g) =>
    groupLeaves(g)
      .filter((p) => p.type === 'cohort')
      .map((p) => String(p.value)),
  );
  for (const id of cohortOrder) {
    const res = await api.post(COHORTS, {
      name: `cohort ${id}`,
      filters: { properties: remapGroup(cohorts.get(id)!, ids) },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    ids.set(id, res.json.id);
  }

  // Flags in dependency order; deleted ones are created and then deleted.
  const flags = new Map(definitions.flags.map((f) => [f.key, f]));
  const flagOrder = topological(flags, (f) =>
    flagLeaves(f)
      .filter((p) => p.type === 'flag')
      .map((p) => p.key),
  );
  const created = new Map<string, { status: number; json: Record<string, unknown> }>();
  for (const key of flagOrder) {
    const flag = flags.get(key)!;
    const remap = (conditions: typeof flag.filters.groups) =>
      conditions?.map((c) => ({ ...c, properties: c.properties?.map((p) => remapProperty(p, ids)) }));
    const filters = {
      ...flag.filters,
      groups: remap(flag.filters.groups) ?? [],
      ...(flag.filters.super_groups ? { super_groups: remap(flag.filters.super_groups) } : {}),
    };
    const res = await api.post(FLAGS, {
      key,
      name: flag.name ?? '',
      active: flag.active,
      filters,
      ...(flag.ensure_experience_continuity != null
        ? { ensure_experience_continuity: flag.ensure_experience_continuity }
        : {}),
      ...(flag.bucketing_identifier != null ? { bucketing_identifier: flag.bucketing_identifier } : {}),
      ...(flag.evaluation_runtime != null ? { evaluation_runtime: flag.evaluation_runtime } : {}),
    });
    created.set(key, res);
    if (res.status === 201 && flag.deleted)
      expect((await api.delete(`${FLAGS}${res.json.id}/`)).status).toBe(204);
  }
  return created;
}

function flagsBody(context: JsonContext, distinctId = context.distinctId): Record<string, unknown> {
  return {
    token: TEST_PROJECT_KEY,
    distinct_id: distinctId,
    person_properties: context.personProperties ?? {},
    groups: context.groups ?? {},
    group_properties: context.groupProperties ?? {},
    ...(context.deviceId ? { $device_id: context.deviceId } : {}),
    ...(context.hashKeyOverride ? { $anon_distinct_id: context.hashKeyOverride } : {}),
  };
}

async function flagsV2(sp: InProcess, body: Record<string, unknown>): Promise<Record<string, FlagDetails>> {
  const res = await sp.signpost.app.request('/flags/?v=2', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { flags: Record<string, FlagDetails> }).flags;
}

const flagValue = (d: FlagDetails): boolean | string => d.variant ?? d.enabled;

function parsedPayload(raw: string | null): unknown {
  if (raw === null) return null;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function check(key: string, actual: FlagDetails | undefined, expected: Expectation): void {
  // The server leaves deleted and inactive flags out of /flags (the engine answers flag_disabled).
  if (expected.absent || expected.reason?.code === 'flag_disabled') {
    expect(actual, `${key} should be absent`).toBeUndefined();
    return;
  }
  expect(actual, `${key} should be in the response`).toBeDefined();
  const d = actual!;
  if (expected.inconclusive) {
    expect(d.failed, `${key} should have failed`).toBe(true);
    return;
  }
  expect(d.failed, `${key} should not have failed`).toBeUndefined();
  if (expected.value !== undefined) expect(flagValue(d), `${key} value`).toEqual(expected.value);
  if (expected.variant !== undefined) expect(d.variant, `${key} variant`).toEqual(expected.variant);
  if (expected.payloadRaw !== undefined)
    expect(d.metadata.payload, `${key} raw payload`).toBe(expected.payloadRaw);
  if (expected.payload !== undefined)
    expect(parsedPayload(d.metadata.payload), `${key} payload`).toEqual(expected.payload);
  if (expected.reason) {
    expect(d.reason, `${key} reason`).toMatchObject({
      code: expected.reason.code,
      condition_index: expected.reason.conditionIndex,
      ...(expected.reason.description !== undefined ? { description: expected.reason.description } : {}),
    });
  }
}

async function expectRefused(definitions: Definitions, context: JsonContext, why: string): Promise<void> {
  const { sp, created } = await prepare(definitions, context);
  try {
    const failures = [...created.values()].filter((r) => r.status !== 201);
    expect(failures.length, `expected a refusal: ${why}`).toBeGreaterThan(0);
    for (const f of failures) expect(f).toMatchObject({ status: 400, json: { code: 'INVALID_FLAG' } });
  } finally {
    await sp.stop();
  }
}

async function replay(
  definitions: Definitions,
  context: JsonContext,
  expected: Record<string, Expectation>,
  withPayloads: boolean,
): Promise<void> {
  const { sp, created } = await prepare(definitions, context);
  try {
    expect([...created.values()].filter((r) => r.status !== 201).map((r) => r.json)).toEqual([]);
    const flags = await flagsV2(sp, flagsBody(context));
    for (const [key, e] of Object.entries(expected)) {
      const { payload: _payload, payloadRaw: _payloadRaw, ...withoutPayloads } = e;
      check(key, flags[key], withPayloads ? e : withoutPayloads);
    }
  } finally {
    await sp.stop();
  }
}

// ——— Operator tables ———

const propertyOperators = new Set<string>(PROPERTY_OPERATORS);

function invalidRegex(value: unknown): boolean {
  return 'message' in compileLinearRegex(typeof value === 'string' ? value : JSON.stringify(value));
}

type RowPlan =
  | { kind: 'replay'; shift: boolean }
  | { kind: 'refuse'; why: string }
  | { kind: 'skip'; why: string };

/**
 * Rows with a relative date in whole hours, days or weeks are replayed with the property moved by the
 * distance between the case's `now` and the real clock: in UTC that keeps every comparison the same.
 * Months and years are calendar arithmetic, so those rows are skipped.
 */
function planRow(row: TableRow, now: string): RowPlan {
  if (!propertyOperators.has(row.operator))
    return { kind: 'refuse', why: `the server refuses the unknown operator ${row.operator}` };
  if ((row.operator === 'regex' || row.operator === 'not_regex') && invalidRegex(row.value))
    return { kind: 'refuse', why: 'the server refuses an invalid regular expression' };
  const relative = DATE_OPERATORS.has(row.operator) ? RELATIVE_DATE.exec(String(row.value)) : null;
  if (!relative) return { kind: 'replay', shift: false };
  const unit = relative[2];
  const iso = typeof row.property === 'string' && /T.*(Z|[+-]\d\d:?\d\d)$/.test(row.property);
  if ((unit === 'h' || unit === 'd' || unit === 'w') && iso) return { kind: 'replay', shift: true };
  return {
    kind: 'skip',
    why: `relative date ${String(row.value)} against now=${now} (calendar months/years)`,
  };
}

/** The property moved as far as the real clock is from `now`; the server's clock only moves later by ms. */
function shifted(property: unknown, now: string): unknown {
  if (typeof property !== 'string') return property;
  return new Date(Date.parse(property) + Date.now() - Date.parse(now)).toISOString();
}

// ——— The suite ———

describe.each(files)('cases/%s through POST /flags', (file) => {
  const data = JSON.parse(readFileSync(new URL(file, casesDir), 'utf8')) as CaseFile;

  it('is a version 1 case file', () => {
    expect(data.version).toBe(1);
  });

  for (const testCase of data.cases ?? []) {
    const plan = planCase(testCase);
    const name = `${file}: ${testCase.name}`;
    if (plan.kind === 'skip') {
      skipped.push({ name, why: plan.why });
      it.skip(`${testCase.name} (${plan.why})`, () => undefined);
      continue;
    }
    it(testCase.name, async () => {
      if (plan.kind === 'refuse') {
        await expectRefused(testCase.definitions, testCase.context, plan.why);
        refused.push({ name, why: plan.why });
        if (!plan.without) return;
      }
      const definitions =
        plan.kind === 'refuse' && plan.without ? plan.without(testCase.definitions) : undefined;
      await replay(definitions ?? testCase.definitions, testCase.context, testCase.expected, !definitions);
      const local = (testCase.context.mode ?? 'server') === 'local';
      replayed.set(
        name,
        definitions ? 'the rest, without the refused part' : local ? 'local-mode case' : undefined,
      );
    });
  }

  for (const sequence of data.sequences ?? []) {
    const name = `${file}: ${sequence.name}`;
    if (usesRelativeDates(sequence.definitions)) {
      skipped.push({ name, why: 'relative dates' });
      it.skip(sequence.name, () => undefined);
      continue;
    }
    it(sequence.name, async () => {
      const { sp, created } = await prepare(sequence.definitions, sequence.context);
      try {
        expect([...created.values()].map((r) => r.status)).toEqual(sequence.definitions.flags.map(() => 201));
        const { prefix, from, count } = sequence.distinctIds;
        const actual: Array<boolean | string | undefined> = [];
        for (let i = 0; i < count; i++) {
          const flags = await flagsV2(sp, flagsBody(sequence.context, `${prefix}${from + i}`));
          const d = flags[sequence.flag];
          actual.push(d && !d.failed ? flagValue(d) : undefined);
        }
        expect(actual).toEqual(sequence.values);
        replayed.set(name, undefined);
      } finally {
        await sp.stop();
      }
    });
  }

  for (const table of data.tables ?? []) {
    describe(table.name, () => {
      const context = data.context ?? { distinctId: 'user-1', now: '2024-01-01T00:00:00Z' };
      let sp: InProcess | undefined;
      let next = 0;
      afterAll(async () => {
        await sp?.stop();
      });
      for (const row of table.rows) {
        const shown = 'property' in row ? JSON.stringify(row.property) : '(absent)';
        const title = `server: ${row.operator} ${JSON.stringify(row.value)} vs ${shown}`;
        const name = `${file}: ${table.name}: ${title}`;
        const plan = planRow(row, context.now);
        if (plan.kind === 'skip') {
          skipped.push({ name, why: plan.why });
          it.skip(`${title} (${plan.why})`, () => undefined);
          continue;
        }
        it(title, async () => {
          sp ??= await inProcess('memory');
          const key = `operator-flag-${next++}`;
          const created = await apiClient(sp.signpost).post(FLAGS, {
            key,
            filters: {
              groups: [
                { properties: [{ key: 'prop', type: 'person', operator: row.operator, value: row.value }] },
              ],
            },
          });
          if (plan.kind === 'refuse') {
            expect(created.status).toBe(400);
            expect(created.json).toMatchObject({ code: 'INVALID_FLAG' });
            refused.push({ name, why: plan.why });
            return;
          }
          expect(created.status, JSON.stringify(created.json)).toBe(201);
          const property = plan.shift ? shifted(row.property, context.now) : row.property;
          const personProperties = 'property' in row ? { prop: property } : {};
          const flags = await flagsV2(sp, flagsBody({ ...context, personProperties }));
          const d = flags[key];
          expect(d).toBeDefined();
          expect(d!.failed).toBeUndefined();
          expect(flagValue(d!)).toBe(row.server);
          replayed.set(name, plan.shift ? 'property shifted to the real clock' : undefined);
        });
      }
    });
  }
});

it('names only existing cases in its refusal and skip lists', () => {
  const names = new Set(
    files.flatMap((file) =>
      ((JSON.parse(readFileSync(new URL(file, casesDir), 'utf8')) as CaseFile).cases ?? []).map(
        (c) => c.name,
      ),
    ),
  );
  const listed = [...Object.keys(REFUSED), ...Object.keys(NOT_EXPRESSIBLE)];
  expect(listed.filter((name) => !names.has(name))).toEqual([]);
});

afterAll(() => {
  const reasons = new Map<string, number>();
  for (const s of skipped) reasons.set(s.why, (reasons.get(s.why) ?? 0) + 1);
  const total = new Set([...replayed.keys(), ...refused.map((r) => r.name)]).size;
  const lines = [
    `conformance cases through /flags: replayed ${total} (${refused.length} as refused definitions), ` +
      `skipped ${skipped.length}`,
    ...[...reasons].map(([why, n]) => `  skipped ${n}: ${why}`),
    ...skipped.map((s) => `    - ${s.name}`),
    ...refused.map((r) => `  refused: ${r.name} (${r.why})`),
    ...[...replayed].flatMap(([name, note]) => (note ? [`  replayed, ${note}: ${name}`] : [])),
  ];
  console.log(lines.join('\n'));
});
