import type { ClickHouseClient } from '@clickhouse/client';
import type { Cohort } from '../../cohorts/cohort.ts';
import type { CohortStore } from '../../cohorts/cohort-store.ts';
import type { ComputedMembership } from '../../cohorts/computed-membership.ts';
import type { Logger } from '../../util/logger.ts';
import type { ClickHouseEventWriter } from '../clickhouse/clickhouse-event-writer.ts';
import type { ClickHouseTopology } from '../clickhouse/clickhouse-topology.ts';

/**
 * Static cohort members live in PostgreSQL; queries on ClickHouse join a copy. The copy of one cohort is replaced
 * after PostgreSQL committed (a lightweight DELETE then an insert, on every node that holds it), and the whole
 * copy is rebuilt at start, which repairs a replacement that failed half-way (ClickHouse down at that moment).
 */
export class ClickHouseCohortMirror implements CohortStore {
  constructor(
    private readonly inner: CohortStore,
    private readonly topology: ClickHouseTopology,
    /** Every node holding a copy: the entry node alone when the server replicates. */
    private readonly holders: readonly ClickHouseClient[],
    private readonly writer: ClickHouseEventWriter,
    private readonly logger: Logger,
  ) {}

  listCohorts(): Promise<Cohort[]> {
    return this.inner.listCohorts();
  }

  listStaticMembers(): Promise<{ cohortId: number; distinctId: string }[]> {
    return this.inner.listStaticMembers();
  }

  // Computed memberships serve flags only; ClickHouse queries compute behavioural cohorts from events.
  saveComputedMembership(membership: ComputedMembership): Promise<void> {
    return this.inner.saveComputedMembership(membership);
  }

  listComputedMemberships(): Promise<ComputedMembership[]> {
    return this.inner.listComputedMemberships();
  }

  async saveCohort(cohort: Cohort, staticMembers?: string[]): Promise<void> {
    await this.inner.saveCohort(cohort, staticMembers);
    if (!staticMembers) return;
    try {
      await this.deleteCopies('WHERE cohort_id = {cohort:Int64}', { cohort: cohort.id });
      await this.writer.insertIdentities({
        cohortMembers: staticMembers.map((distinctId) => ({
          projectId: cohort.projectId,
          cohortId: cohort.id,
          distinctId,
        })),
      });
    } catch (error) {
      this.logger.error(
        'static cohort members were saved but not copied to ClickHouse; the next start copies them',
        {
          cohort: cohort.id,
          error: String(error),
        },
      );
    }
  }

  /** Rebuilds the copy from PostgreSQL (at start). */
  async resync(): Promise<void> {
    const cohorts = new Map((await this.inner.listCohorts()).map((c) => [c.id, c.projectId]));
    const members = await this.inner.listStaticMembers();
    await Promise.all(
      this.holders.map((node) =>
        node.command({ query: `TRUNCATE TABLE ${this.topology.database}.cohort_static_members` }),
      ),
    );
    await this.writer.insertIdentities({
      cohortMembers: members.flatMap((m) => {
        const projectId = cohorts.get(m.cohortId);
        return projectId === undefined ? [] : [{ projectId, cohortId: m.cohortId, distinctId: m.distinctId }];
      }),
    });
  }

  private async deleteCopies(where: string, params: Record<string, unknown>): Promise<void> {
    await Promise.all(
      this.holders.map((node) =>
        node.command({
          query: `DELETE FROM ${this.topology.database}.cohort_static_members ${where}`,
          query_params: params,
          clickhouse_settings: { mutations_sync: '2' },
        }),
      ),
    );
  }
}
