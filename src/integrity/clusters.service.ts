import { Inject, Injectable } from '@nestjs/common';
import { masksCitizens } from '../auth/access-policy';
import type { Principal } from '../auth/principal';
import { MASKED_TEXT } from '../cases/citizen-masking';
import { Clock } from '../common/clock';
import { NotFound } from '../common/domain-error';
import { LOGGER, type Logger } from '../common/logger';
import type { Page } from '../common/pagination';
import { Database, type Sql } from '../database/database';
import { FollowUpsService } from '../cases/follow-ups.service';
import { LeadersService } from '../leaders/leaders.service';
import { resolveMetricWindow } from '../metrics/metric-window';
import {
  CLUSTER_LOOKBACK_DAYS,
  ClustersRepository,
  type ClusterSummary,
} from './clusters.repository';
import { NEAR_DUPLICATE_THRESHOLD, placeCases } from './near-duplicates';

const DAY_MS = 86_400_000;

export interface ClustersPage extends Page<ClusterSummary> {
  leaderId: string;
  window: { from: Date; to: Date };
  threshold: number;
}

export interface CloseDuplicatesResult {
  clusterId: string;
  duplicateOf: string;
  closed: string[];
  /** Cases of the cluster already resolved or closed: left as they are. */
  skipped: { caseId: string; status: string }[];
}

@Injectable()
export class ClustersService {
  constructor(
    private readonly db: Database,
    private readonly clusters: ClustersRepository,
    private readonly leaders: LeadersService,
    private readonly followUps: FollowUpsService,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Places the leader's cases not yet clustered; in the caller's transaction (a poll's) or its own. */
  async placeNew(leaderId: string, tx?: Sql): Promise<number> {
    const work = async (sql: Sql) => {
      await this.clusters.lockLeader(sql, leaderId);
      const incoming = await this.clusters.unplaced(sql, leaderId);
      if (incoming.length === 0) {
        return 0;
      }
      const earliest = Math.min(...incoming.map((c) => c.openedAt.getTime()));
      const placed = await this.clusters.placedSince(
        sql,
        leaderId,
        new Date(earliest - CLUSTER_LOOKBACK_DAYS * DAY_MS),
      );
      const { placements, founders } = placeCases(placed, incoming);
      await this.clusters.save(sql, leaderId, placements, founders, this.clock.now());
      const joined = placements.filter((p) => p.clusterId !== null).length;
      this.logger.info(
        { event: 'clusters.placed', leaderId, cases: placements.length, joined },
        'cases placed in near-duplicate clusters',
      );
      return placements.length;
    };
    return tx === undefined ? this.db.transaction(work) : work(tx);
  }

  async list(
    caller: Principal,
    leaderId: string,
    query: { from?: string; to?: string; page: number; pageSize: number },
  ): Promise<ClustersPage> {
    await this.leaders.getForCaller(caller, leaderId);
    const { from, to } = resolveMetricWindow({ from: query.from, to: query.to }, this.clock.now());
    await this.placeNew(leaderId);
    const { items, total } = await this.clusters.list(leaderId, { from, to }, query);
    // The first case's text is a citizen's words: withheld from evaluators as on the case itself.
    const mask = masksCitizens(caller);
    return {
      leaderId,
      window: { from, to },
      threshold: NEAR_DUPLICATE_THRESHOLD,
      items: mask ? items.map((item) => ({ ...item, text: MASKED_TEXT })) : items,
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /**
   * Closes every case of the cluster still in the backlog as a duplicate of
   * its first case, each through the ordinary follow-up path (its own audit
   * event, the caller's own permission on the case). A retry closes nothing
   * twice: each follow-up carries an idempotency key of the cluster and case.
   */
  async closeDuplicates(
    caller: Principal,
    leaderId: string,
    clusterId: string,
    text: string | undefined,
  ): Promise<CloseDuplicatesResult> {
    await this.leaders.getForCaller(caller, leaderId);
    await this.placeNew(leaderId);
    const members = await this.clusters.members(leaderId, clusterId);
    if (members.length < 2 || members[0].id !== clusterId) {
      throw new NotFound('cluster', clusterId);
    }
    const result: CloseDuplicatesResult = {
      clusterId,
      duplicateOf: clusterId,
      closed: [],
      skipped: [],
    };
    for (const member of members.slice(1)) {
      if (member.status !== 'open' && member.status !== 'responded') {
        result.skipped.push({ caseId: member.id, status: member.status });
        continue;
      }
      await this.followUps.record(
        caller,
        member.id,
        {
          type: 'duplicate',
          text: text ?? `与案件 ${clusterId} 为同一问题，合并处理`,
          duplicateOf: clusterId,
        },
        `cluster:${clusterId}:${member.id}`,
      );
      result.closed.push(member.id);
    }
    this.logger.info(
      { event: 'clusters.closed_duplicates', leaderId, clusterId, closed: result.closed.length },
      'cluster duplicates closed',
    );
    return result;
  }
}
