import { Injectable } from '@nestjs/common';
import { Database, type Sql } from '../database/database';
import type { MetricAggregates } from './metric-aggregates';
import type { MetricCase, MetricInputs, MetricWindow } from './metric-formulas';
import {
  CORRECTED_ONE_LEADER_SQL,
  ONE_LEADER_SETTINGS,
  ONE_LEADER_SQL,
  RANKING_SETTINGS,
  RANKING_SQL,
} from './metrics-sql';

/** A leader as the ranking shows it, with its counts. */
export type LeaderAggregates = {
  leaderId: string;
  name: string;
  unit: string;
  regionCode: string;
  aggregates: MetricAggregates;
};

export type RankingFilter = { regionCode?: string; unit?: string };

/** Whose a case is for counting: nobody's (excluded) or another leader's (reassigned). */
export type CaseOwnership = { caseId: string; toLeaderId: string | null };

type AggregateRow = {
  leader_id: string;
  name: string;
  unit: string;
  region_code: string;
  received: unknown;
  cases: unknown;
  responded: unknown;
  on_time: unknown;
  resolved: unknown;
  overdue: unknown;
  leader_first: unknown;
  surveyed: unknown;
  score_sum: unknown;
  lt1d: unknown;
  d1to3: unknown;
  d3to7: unknown;
  gt7d: unknown;
  median_ms: unknown;
  p90_ms: unknown;
  held: unknown;
  reported: unknown;
};

@Injectable()
export class MetricsRepository {
  constructor(private readonly db: Database) {}

  /** The counts behind one leader's figures; null if there is no such leader. */
  async leaderAggregates(leaderId: string, window: MetricWindow): Promise<LeaderAggregates | null> {
    const rows = await this.db.readWithSettings<AggregateRow>(ONE_LEADER_SETTINGS, ONE_LEADER_SQL, [
      ...windowParams(window),
      leaderId,
    ]);
    return rows.length === 0 ? null : toLeaderAggregates(rows[0]);
  }

  /**
   * The same counts for one leader as if each corrected case were excluded
   * (toLeaderId null) or belonged to toLeaderId: the input of a corrected snapshot,
   * read inside the transaction that writes it.
   */
  async correctedLeaderAggregates(
    tx: Sql,
    leaderId: string,
    window: MetricWindow,
    corrections: readonly CaseOwnership[],
  ): Promise<LeaderAggregates | null> {
    // SET LOCAL: the caller's transaction keeps these settings until it ends.
    await tx.execute(ONE_LEADER_SETTINGS);
    const rows = await tx.query<AggregateRow>(CORRECTED_ONE_LEADER_SQL, [
      ...windowParams(window),
      leaderId,
      JSON.stringify(corrections),
    ]);
    return rows.length === 0 ? null : toLeaderAggregates(rows[0]);
  }

  /** The counts for every active leader in scope, in one statement (one consistent snapshot). */
  async rankingAggregates(
    window: MetricWindow,
    filter: RankingFilter,
  ): Promise<LeaderAggregates[]> {
    const rows = await this.db.transaction(async (tx) => {
      await tx.execute(RANKING_SETTINGS);
      return tx.query<AggregateRow>(RANKING_SQL, [
        ...windowParams(window),
        filter.regionCode ?? null,
        filter.unit ?? null,
      ]);
    });
    return rows.map(toLeaderAggregates);
  }

  /**
   * The verification path: the raw inputs of computeMetrics for one leader,
   * loaded row by row and formulated independently of aggregateSql (a
   * LATERAL latest survey, a LEFT JOIN for spam, per-post coverage summed in
   * TypeScript). Cases opened in [from, to) are loaded even when opened
   * after asOf: computeMetrics must leave those out itself.
   */
  async loadMetricInputs(leaderId: string, window: MetricWindow): Promise<MetricInputs> {
    const sql: Sql = this.db;
    const params = [...windowParams(window), leaderId];
    const caseRows = await sql.query<CaseRow>(
      `SELECT c.opened_at, c.acknowledge_deadline, c.first_response_at, c.first_response_by,
              c.resolved_at, c.closed_at, s.score AS satisfaction_score,
              s.recorded_at AS satisfaction_at
       FROM cases c
       LEFT JOIN LATERAL (
         SELECT score, recorded_at FROM satisfaction_surveys
         WHERE case_id = c.id AND recorded_at <= $3::timestamptz
         ORDER BY recorded_at DESC, id DESC LIMIT 1
       ) s ON true
       WHERE c.leader_id = $4::uuid
         AND c.opened_at >= $1::timestamptz AND c.opened_at < $2::timestamptz
       ORDER BY c.opened_at, c.id`,
      params,
    );
    const received = await sql.query<{ received: unknown }>(
      `SELECT count(*) AS received
       FROM comments cm LEFT JOIN classifications cl ON cl.comment_id = cm.id
       WHERE cm.leader_id = $4::uuid AND cm.by_leader = false
         AND cm.created_at >= $1::timestamptz AND cm.created_at < $2::timestamptz
         AND cm.created_at <= $3::timestamptz
         AND (cl.kind IS NULL OR cl.kind <> 'spam')`,
      params,
    );
    const posts = await sql.query<{ comments_held: unknown; comments_reported: unknown }>(
      `SELECT comments_held, comments_reported FROM posts
       WHERE leader_id = $4::uuid
         AND created_at >= $1::timestamptz AND created_at < $2::timestamptz
         AND created_at <= $3::timestamptz`,
      params,
    );
    let held = 0;
    let reported = 0;
    for (const post of posts) {
      const postReported = toInteger(post.comments_reported);
      held += Math.min(toInteger(post.comments_held), postReported);
      reported += postReported;
    }
    return {
      window,
      cases: caseRows.map(toMetricCase),
      receivedCount: toInteger(received[0].received),
      coverage: { held, reported },
    };
  }
}

type CaseRow = {
  opened_at: Date;
  acknowledge_deadline: Date;
  first_response_at: Date | null;
  first_response_by: 'leader' | 'staff' | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  satisfaction_score: unknown;
  satisfaction_at: Date | null;
};

function toMetricCase(row: CaseRow): MetricCase {
  return {
    openedAt: toDate(row.opened_at),
    acknowledgeDeadline: toDate(row.acknowledge_deadline),
    firstResponseAt: row.first_response_at === null ? null : toDate(row.first_response_at),
    firstResponseBy: row.first_response_at === null ? null : row.first_response_by,
    resolvedAt: row.resolved_at === null ? null : toDate(row.resolved_at),
    closedAt: row.closed_at === null ? null : toDate(row.closed_at),
    satisfactionScore: row.satisfaction_score === null ? null : toInteger(row.satisfaction_score),
    satisfactionAt: row.satisfaction_at === null ? null : toDate(row.satisfaction_at),
  };
}

function windowParams(window: MetricWindow): string[] {
  return [window.from.toISOString(), window.to.toISOString(), window.asOf.toISOString()];
}

function toLeaderAggregates(row: AggregateRow): LeaderAggregates {
  return {
    leaderId: row.leader_id,
    name: row.name,
    unit: row.unit,
    regionCode: row.region_code,
    aggregates: {
      received: toInteger(row.received),
      cases: toInteger(row.cases),
      responded: toInteger(row.responded),
      onTime: toInteger(row.on_time),
      resolved: toInteger(row.resolved),
      overdue: toInteger(row.overdue),
      leaderFirst: toInteger(row.leader_first),
      surveyed: toInteger(row.surveyed),
      scoreSum: toInteger(row.score_sum),
      backlog: {
        lt1d: toInteger(row.lt1d),
        d1to3: toInteger(row.d1to3),
        d3to7: toInteger(row.d3to7),
        gt7d: toInteger(row.gt7d),
      },
      medianResponseMs: row.median_ms === null ? null : toInteger(row.median_ms),
      p90ResponseMs: row.p90_ms === null ? null : toInteger(row.p90_ms),
      coverage: { held: toInteger(row.held), reported: toInteger(row.reported) },
    },
  };
}

/** int, bigint and numeric arrive as number, bigint or string depending on the engine. */
function toInteger(value: unknown): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) {
    throw new TypeError(`expected an integer from the database, got ${String(value)}`);
  }
  return n;
}

function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}
