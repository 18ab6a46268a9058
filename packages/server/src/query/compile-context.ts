import type { PropertyGroup } from '@signpost/flags-engine';
import type { SqlDialect } from './dialects/sql-dialect.ts';
import { fixedOffsetMinutes } from './fixed-offset.ts';
import { SqlParams } from './sql-params.ts';

/** What the compiler needs to know about a cohort; dynamic ones are compiled as person-property filters. */
export type CohortDefinition = { name: string } & (
  | { isStatic: true }
  | { isStatic: false; properties: PropertyGroup }
);

export interface QueryEnv {
  /** The environment whose events and persons are read (a project's id is its first environment's). */
  projectId: number;
  /** Several environments of one project read together ("all environments"); absent = `projectId` alone. */
  environmentIds?: readonly number[];
  timeZone: string;
  now: Date;
  /**
   * Whether the project has person overrides (distinct ids mapped away from the person their events were
   * written with). `false` lets queries read the event's person id with no join; unknown means join.
   */
  personOverrides?: boolean;
  /** Throws when the cohort does not exist in the project. */
  cohort(id: number): CohortDefinition;
}

/**
 * State of one SQL statement being compiled: bound parameters, and the joins the expressions asked for
 * (person properties, group properties), so the plan adds only the joins that are used.
 */
export class CompileContext {
  readonly params = new SqlParams();
  private projectParams: string[] | undefined;
  private zoneParam: string | undefined;
  needsPerson = false;
  needsPersonProperties = false;
  readonly groups = new Set<number>();

  constructor(
    readonly dialect: SqlDialect,
    readonly env: QueryEnv,
  ) {}

  /** `column` restricted to the environment(s) read; parameters bound on first use, like the zone. */
  inProject(column: string): string {
    if (!this.projectParams) {
      const ids = this.env.environmentIds?.length ? this.env.environmentIds : [this.env.projectId];
      this.projectParams = ids.map((id) => this.params.bind(id));
    }
    const [only] = this.projectParams;
    return this.projectParams.length === 1 && only !== undefined
      ? `${column} = ${only}`
      : `${column} IN (${this.projectParams.join(', ')})`;
  }

  /** The project timezone, bound on first use (DuckDB refuses parameters a statement does not use). */
  get zone(): string {
    this.zoneParam ??= this.params.bind(this.env.timeZone);
    return this.zoneParam;
  }

  /**
   * `e.timestamp` as wall-clock time in the project zone for rows in [from, to): a constant shift when the
   * zone keeps one offset over the range (UTC projects, and most ranges elsewhere), a conversion otherwise.
   */
  localTime(from: Date | null, to: Date): string {
    const offset = fixedOffsetMinutes(this.env.timeZone, from, to);
    if (offset !== null) return this.dialect.shiftMinutes('e.timestamp', offset);
    return this.dialect.localTime('e.timestamp', this.zone);
  }

  bind(value: Parameters<SqlParams['bind']>[0]): string {
    return this.params.bind(value);
  }

  /** The person an event belongs to now: its override if its person was merged away, else the stored one. */
  personKey(): string {
    this.needsPerson = true;
    return this.joinsOverrides ? 'coalesce(pov.person_id, e.person_id)' : 'e.person_id';
  }

  private get joinsOverrides(): boolean {
    return this.env.personOverrides !== false;
  }

  personProperties(): string {
    this.needsPerson = true;
    this.needsPersonProperties = true;
    return 'per.properties';
  }

  groupProperties(index: number): string {
    this.groups.add(index);
    return `g${index}.properties`;
  }

  eventProperty(key: string): string {
    return this.dialect.propertyText('e.properties', this.bind(this.dialect.propertyKey(key)));
  }

  /** CTEs and joins for what the expressions used; `e` is the events table. */
  joins(): { ctes: string[]; joins: string[] } {
    const ctes: string[] = [];
    const joins: string[] = [];
    // Keyed by the event's stored person id (a UUID), the join probes no strings and reads no extra column.
    if (this.needsPerson && this.joinsOverrides) {
      ctes.push(`pov AS (SELECT old_person_id, ${this.dialect.argMax('person_id', 'version')} AS person_id
        FROM person_overrides WHERE ${this.inProject('project_id')} GROUP BY old_person_id)`);
      joins.push('LEFT JOIN pov ON pov.old_person_id = e.person_id');
    }
    if (this.needsPersonProperties) {
      ctes.push(`per AS (SELECT id, ${this.dialect.argMax('properties', 'version')} AS properties
        FROM persons WHERE ${this.inProject('project_id')} GROUP BY id)`);
      joins.push(`LEFT JOIN per ON per.id = ${this.personKey()}`);
    }
    for (const i of [...this.groups].sort()) {
      ctes.push(`g${i} AS (SELECT group_key, ${this.dialect.argMax('properties', 'version')} AS properties
        FROM groups WHERE ${this.inProject('project_id')} AND group_type_index = ${i} GROUP BY group_key)`);
      joins.push(`LEFT JOIN g${i} ON g${i}.group_key = e.group_${i}`);
    }
    return { ctes, joins };
  }
}
