import { Injectable } from '@nestjs/common';
import { offsetOf } from '../common/pagination';
import { Database, type Sql } from '../database/database';
import type { ClusterCandidate, Placement } from './near-duplicates';

/** How far back a new case looks for an earlier one it repeats. */
export const CLUSTER_LOOKBACK_DAYS = 30;

export interface ClusterSummary {
  clusterId: string;
  size: number;
  caseIds: string[];
  firstOpenedAt: Date;
  lastOpenedAt: Date;
  /** Members still in the backlog (open or responded), the first case excepted. */
  openDuplicates: number;
  text: string;
}

export interface ClusterMember {
  id: string;
  status: string;
}

@Injectable()
export class ClustersRepository {
  constructor(private readonly db: Database) {}

  /** One clusterer per leader at a time, across instances. */
  async lockLeader(tx: Sql, leaderId: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('case_clusters:' || $1))`, [leaderId]);
  }

  async unplaced(tx: Sql, leaderId: string): Promise<ClusterCandidate[]> {
    const rows = await tx.query<{ id: string; opened_at: Date; text: string }>(
      `SELECT c.id, c.opened_at, m.text
       FROM cases c JOIN comments m ON m.id = c.comment_id
       LEFT JOIN case_clusters cc ON cc.case_id = c.id
       WHERE c.leader_id = $1 AND cc.case_id IS NULL`,
      [leaderId],
    );
    return rows.map((r) => ({ id: r.id, openedAt: r.opened_at, text: r.text, clusterId: null }));
  }

  async placedSince(tx: Sql, leaderId: string, since: Date): Promise<ClusterCandidate[]> {
    const rows = await tx.query<{
      id: string;
      opened_at: Date;
      text: string;
      cluster_id: string | null;
    }>(
      `SELECT c.id, c.opened_at, m.text, cc.cluster_id
       FROM case_clusters cc JOIN cases c ON c.id = cc.case_id JOIN comments m ON m.id = c.comment_id
       WHERE cc.leader_id = $1 AND c.opened_at >= $2`,
      [leaderId, since],
    );
    return rows.map((r) => ({
      id: r.id,
      openedAt: r.opened_at,
      text: r.text,
      clusterId: r.cluster_id,
    }));
  }

  async save(
    tx: Sql,
    leaderId: string,
    placements: Placement[],
    founders: string[],
    now: Date,
  ): Promise<void> {
    if (placements.length > 0) {
      await tx.execute(
        `INSERT INTO case_clusters (case_id, leader_id, cluster_id, matched_case_id, similarity, placed_at)
         SELECT r.case_id, $1::uuid, r.cluster_id, r.matched_case_id, r.similarity, $3
         FROM jsonb_to_recordset($2::jsonb)
           AS r(case_id uuid, cluster_id uuid, matched_case_id uuid, similarity double precision)
         ON CONFLICT (case_id) DO NOTHING`,
        [
          leaderId,
          JSON.stringify(
            placements.map((p) => ({
              case_id: p.caseId,
              cluster_id: p.clusterId,
              matched_case_id: p.matchedCaseId,
              similarity: p.similarity,
            })),
          ),
          now,
        ],
      );
    }
    if (founders.length > 0) {
      await tx.execute(
        `UPDATE case_clusters SET cluster_id = case_id
         WHERE leader_id = $1 AND case_id = ANY($2::uuid[]) AND cluster_id IS NULL`,
        [leaderId, founders],
      );
    }
  }

  /** Clusters (two cases or more) with a case opened in [from, to), oldest first. */
  async list(
    leaderId: string,
    window: { from: Date; to: Date },
    page: { page: number; pageSize: number },
  ): Promise<{ items: ClusterSummary[]; total: number }> {
    const grouped = `
      SELECT cc.cluster_id, count(*)::int AS size,
             array_agg(c.id::text ORDER BY c.opened_at, c.id) AS case_ids,
             min(c.opened_at) AS first_opened_at, max(c.opened_at) AS last_opened_at,
             (count(*) FILTER (WHERE c.status IN ('open', 'responded') AND c.id <> cc.cluster_id))::int
               AS open_duplicates
      FROM case_clusters cc JOIN cases c ON c.id = cc.case_id
      WHERE cc.leader_id = $1 AND cc.cluster_id IS NOT NULL
      GROUP BY cc.cluster_id
      HAVING count(*) > 1 AND bool_or(c.opened_at >= $2 AND c.opened_at < $3)`;
    const params = [leaderId, window.from, window.to];
    const [{ total }] = await this.db.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM (${grouped}) g`,
      params,
    );
    const rows = await this.db.query<{
      cluster_id: string;
      size: number;
      case_ids: string[];
      first_opened_at: Date;
      last_opened_at: Date;
      open_duplicates: number;
      text: string;
    }>(
      `SELECT g.*, m.text FROM (${grouped}) g
       JOIN cases f ON f.id = g.cluster_id JOIN comments m ON m.id = f.comment_id
       ORDER BY g.first_opened_at, g.cluster_id
       LIMIT ${page.pageSize} OFFSET ${offsetOf(page)}`,
      params,
    );
    return {
      total,
      items: rows.map((r) => ({
        clusterId: r.cluster_id,
        size: r.size,
        caseIds: r.case_ids,
        firstOpenedAt: r.first_opened_at,
        lastOpenedAt: r.last_opened_at,
        openDuplicates: r.open_duplicates,
        text: r.text,
      })),
    };
  }

  /** A cluster's cases, first case first; empty when the leader has no such cluster. */
  async members(leaderId: string, clusterId: string): Promise<ClusterMember[]> {
    return this.db.query<ClusterMember>(
      `SELECT c.id, c.status FROM case_clusters cc JOIN cases c ON c.id = cc.case_id
       WHERE cc.leader_id = $1 AND cc.cluster_id = $2
       ORDER BY (c.id = cc.cluster_id) DESC, c.opened_at, c.id`,
      [leaderId, clusterId],
    );
  }
}
