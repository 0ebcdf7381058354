import { Inject, Injectable } from '@nestjs/common';
import { canAccessLeader } from '../auth/access-policy';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { NotFound } from '../common/domain-error';
import { LOGGER, type Logger } from '../common/logger';
import { type Page, pageOf, type PageRequest } from '../common/pagination';
import { LeadersService } from '../leaders/leaders.service';
import { metricsFromAggregates } from './metric-aggregates';
import {
  coverageWarnings,
  DEFINITION_VERSION,
  type LeaderMetrics,
  type MetricWindow,
} from './metric-formulas';
import { resolveMetricWindow, type WindowRequest, windowWarnings } from './metric-window';
import { MetricsRepository, type RankingFilter } from './metrics.repository';
import { RANKING_RULE, rankLeaders, type Ranked, type RankableLeader } from './ranking';

export type WindowBody = { from: Date; to: Date; asOf: Date };

export type LeaderMetricsResponse = {
  leaderId: string;
  definitionVersion: string;
  window: WindowBody;
  metrics: LeaderMetrics;
  warnings: string[];
};

export type RankingItem = Ranked<RankableLeader> & { score: number | null };

export type RankingResponse = Page<RankingItem> & {
  definitionVersion: string;
  window: WindowBody;
  rankingRule: string;
};

/** A ranking of every leader in scope, all pages: what a snapshot freezes. */
export type FullRanking = { window: MetricWindow; items: RankingItem[] };

@Injectable()
export class MetricsService {
  constructor(
    private readonly metrics: MetricsRepository,
    private readonly leaders: LeadersService,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** SPEC section 5 for one leader; existence first, then the caller's scope. */
  async leaderMetrics(
    caller: Principal,
    leaderId: string,
    request: WindowRequest,
  ): Promise<LeaderMetricsResponse> {
    if (!canAccessLeader(caller, leaderId)) {
      // Refused: no such leader (404) or not this caller's (403). A caller
      // who may see the leader needs no read of it: no row is no leader.
      await this.leaders.getForCaller(caller, leaderId);
    }
    const window = resolveMetricWindow(request, this.clock.now());
    const started = process.hrtime.bigint();
    const row = await this.metrics.leaderAggregates(leaderId, window);
    if (!row) {
      throw new NotFound('leader', leaderId);
    }
    this.logger.debug(
      { event: 'metrics.leader', leaderId, ms: elapsedMs(started) },
      'leader metrics computed',
    );
    return {
      leaderId,
      definitionVersion: DEFINITION_VERSION,
      window,
      metrics: metricsFromAggregates(row.aggregates),
      warnings: [...coverageWarnings(row.aggregates.coverage), ...windowWarnings(window)],
    };
  }

  async ranking(request: WindowRequest & RankingFilter & PageRequest): Promise<RankingResponse> {
    const { window, items } = await this.fullRanking(request, request);
    return {
      ...pageOf(items, request),
      definitionVersion: DEFINITION_VERSION,
      window,
      rankingRule: RANKING_RULE,
    };
  }

  /** Every active leader in scope, best first (RANKING_RULE), from one consistent query. */
  async fullRanking(request: WindowRequest, filter: RankingFilter): Promise<FullRanking> {
    const window = resolveMetricWindow(request, this.clock.now());
    const started = process.hrtime.bigint();
    const rows = await this.metrics.rankingAggregates(window, {
      regionCode: filter.regionCode,
      unit: filter.unit,
    });
    const ranked = rankLeaders(
      rows.map(({ leaderId, name, unit, regionCode, aggregates }) => ({
        leaderId,
        name,
        unit,
        regionCode,
        metrics: metricsFromAggregates(aggregates),
      })),
    );
    this.logger.info(
      {
        event: 'metrics.ranking',
        leaders: ranked.length,
        regionCode: filter.regionCode ?? null,
        unit: filter.unit ?? null,
        ms: elapsedMs(started),
      },
      'ranking computed',
    );
    return {
      window,
      items: ranked.map((row) => ({
        rank: row.rank,
        leaderId: row.leaderId,
        name: row.name,
        unit: row.unit,
        regionCode: row.regionCode,
        score: row.metrics.score.value,
        metrics: row.metrics,
      })),
    };
  }
}

function elapsedMs(started: bigint): number {
  return Number((process.hrtime.bigint() - started) / 1000n) / 1000;
}
