import { CliError } from '../../../cli/cli-error.ts';
import { ProjectService, StartupRefusedError } from '../../../projects/project-service.ts';
import { silentLogger } from '../../../util/logger.ts';
import { DuckDbDatabase } from '../duckdb-database.ts';
import { DuckDbProjectStore } from '../duckdb-project-store.ts';
import { entitySql } from './seed-entities-sql.ts';
import { bulkSql, lifecycleSql } from './seed-events-sql.ts';
import { ensureGroupTypes } from './seed-group-types.ts';
import { personSql } from './seed-persons-sql.ts';
import { seedPlan } from './seed-plan.ts';

export interface SeedOptions {
  dataDir: string;
  events: number;
  days: number;
  /** The project to fill (by its phc_ key); the first project when absent, created if there is none. */
  projectKey?: string | undefined;
  /** The personal key a freshly created project gets (a random one, announced, when absent). */
  personalKey?: string | undefined;
  end?: Date;
  /** Called after each committed batch with the events written so far. */
  onProgress?: (written: number, total: number) => void;
  /** Where a freshly created project's keys are shown. */
  announce?: (lines: string[]) => void;
}

export interface SeedSummary {
  projectId: number;
  events: number;
  users: number;
  installations: number;
}

const BATCH = 500_000;

/** Opens the data folder, which DuckDB refuses while another process (a running server) holds it. */
async function openUnlocked(dataDir: string): Promise<DuckDbDatabase> {
  try {
    return await DuckDbDatabase.open(dataDir);
  } catch (error) {
    if (error instanceof Error && /lock/i.test(error.message)) {
      throw new CliError(
        'DATA_DIR_LOCKED',
        `${dataDir} is in use by another process (a running Signpost server?). Stop it first, then seed. (${error.message.split('\n')[0]})`,
      );
    }
    throw error;
  }
}

/** Writes a TimeTracker-like demo data set straight into a stopped server's DuckDB file. */
export async function seedDemoData(o: SeedOptions): Promise<SeedSummary> {
  const db = await openUnlocked(o.dataDir);
  try {
    const projects = new ProjectService(new DuckDbProjectStore(db), silentLogger);
    // An empty folder gets its project (with the given key, if any); a key that differs from the first
    // project's is refused by bootstrap, and then looked up among all projects below.
    await projects
      .bootstrap({
        projectApiKey: o.projectKey,
        personalApiKey: o.personalKey,
        announce: o.announce ?? (() => undefined),
      })
      .catch((error: unknown) => {
        if (!(error instanceof StartupRefusedError)) throw error;
      });
    // Seeded rows go to the key's environment (the first project's first one without a key).
    const project = o.projectKey
      ? projects.environmentByToken(o.projectKey)
      : projects.defaultEnvironment(projects.firstProject()?.id ?? 1);
    if (!project) throw new CliError('PROJECT_NOT_FOUND', `No project has the key ${o.projectKey ?? ''}.`);
    const groupIndexes = await db.transaction((c) => ensureGroupTypes(c, project.id));
    const plan = seedPlan(
      { projectId: project.id, events: o.events, days: o.days, end: o.end ?? new Date() },
      groupIndexes,
    );
    // Rows need no particular physical order (queries sort), and without it DuckDB inserts on every core.
    await db.write((c) => c.run('SET preserve_insertion_order = false'));
    const lifecycle = await db.transaction(async (c) => {
      for (const sql of [...entitySql(plan), ...personSql(plan)]) await c.run(sql);
      return Number((await c.run(lifecycleSql(plan))).rowsChanged);
    });
    const total = Math.max(0, o.events - lifecycle);
    o.onProgress?.(lifecycle, o.events);
    for (let lo = 0; lo < total; lo += BATCH) {
      const hi = Math.min(total, lo + BATCH);
      await db.write((c) => c.run(bulkSql(plan, lo, hi, total)));
      o.onProgress?.(lifecycle + hi, o.events);
    }
    return {
      projectId: project.id,
      events: lifecycle + total,
      users: plan.users,
      installations: plan.installations,
    };
  } finally {
    await db.close();
  }
}
