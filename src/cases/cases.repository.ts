import { Injectable } from '@nestjs/common';
import { offsetOf, type Page, type PageRequest } from '../common/pagination';
import { Database, type Sql } from '../database/database';
import type { CaseRecord } from './case-record';
import type { CaseLifecycle } from './case-state-machine';

/** A case row as PostgreSQL returns it (with its message's columns); CaseIntakeRepository reads them too. */
export interface CaseRow {
  id: string;
  leader_id: string;
  comment_id: string;
  status: CaseRecord['status'];
  outcome: CaseRecord['outcome'];
  kind: CaseRecord['kind'];
  category: CaseRecord['category'];
  opened_at: Date;
  acknowledge_deadline: Date;
  resolve_deadline: Date;
  first_response_at: Date | null;
  first_response_by: CaseRecord['firstResponseBy'];
  first_response_ref: string | null;
  first_response_substantive: boolean | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  referred_to: string | null;
  duplicate_of: string | null;
  satisfaction_level: string | null;
  satisfaction_score: number | null;
  satisfaction_at: Date | null;
  satisfaction_signal: CaseRecord['satisfactionSignal'];
  m_post_id: string;
  m_text: string;
  m_author_name: string;
  m_author_uid: string;
  m_created_at: Date;
  m_withdrawn_at: Date | null;
  first_response_withdrawn_at: Date | null;
  cluster_id: string | null;
}

/** The columns of a CaseRow over cases `c` and their message `m`. */
const CASE_COLUMNS = `c.*, m.post_id AS m_post_id, m.text AS m_text, m.author_name AS m_author_name,
  m.author_uid AS m_author_uid, m.created_at AS m_created_at, m.withdrawn_at AS m_withdrawn_at,
  (SELECT r.withdrawn_at FROM comments r WHERE r.id = c.first_response_ref AND c.first_response_by = 'leader')
    AS first_response_withdrawn_at,
  (SELECT cc.cluster_id FROM case_clusters cc WHERE cc.case_id = c.id) AS cluster_id`;
const CASES_WITH_MESSAGE = `cases c JOIN comments m ON m.id = c.comment_id`;

/** Cases (alias `c`) with their message (alias `m`); callers add WHERE, ORDER BY, locks. */
export const SELECT_CASES = `SELECT ${CASE_COLUMNS}
  FROM ${CASES_WITH_MESSAGE}`;

export function toCaseRecord(row: CaseRow): CaseRecord {
  return {
    id: row.id,
    leaderId: row.leader_id,
    commentId: row.comment_id,
    status: row.status,
    outcome: row.outcome,
    kind: row.kind,
    category: row.category,
    openedAt: row.opened_at,
    acknowledgeDeadline: row.acknowledge_deadline,
    resolveDeadline: row.resolve_deadline,
    firstResponseAt: row.first_response_at,
    firstResponseBy: row.first_response_by,
    firstResponseRef: row.first_response_ref,
    firstResponseSubstantive: row.first_response_substantive,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    referredTo: row.referred_to,
    duplicateOf: row.duplicate_of,
    satisfactionLevel: row.satisfaction_level,
    satisfactionScore: row.satisfaction_score,
    satisfactionAt: row.satisfaction_at,
    satisfactionSignal: row.satisfaction_signal,
    firstResponseWithdrawnAt: row.first_response_withdrawn_at,
    clusterId: row.cluster_id,
    message: {
      weiboId: row.comment_id,
      postId: row.m_post_id,
      text: row.m_text,
      authorName: row.m_author_name,
      authorUid: row.m_author_uid,
      createdAt: row.m_created_at,
      withdrawnAt: row.m_withdrawn_at,
    },
  };
}

/** What re-classification may move on a case: its kind and category. */
export interface CaseTopic {
  leaderId: string;
  kind: string;
  category: string;
}

export interface CaseListFilter {
  leaderId: string;
  status?: string;
  overdue?: boolean;
  category?: string;
  kind?: string;
  now: Date;
}

/** The explainable classification of a case's message (SPEC section 3). */
export interface MessageClassification {
  kind: string;
  category: string;
  actionable: boolean;
  score: number;
  matches: unknown;
  rulesetVersion: string;
  classifiedAt: Date;
}

/**
 * One case at a time: the reads behind the HTTP API (a case, a leader's
 * backlog, the classification of a case's message) and the changes that
 * follow-ups and satisfaction surveys make to a locked case. What intake
 * writes for a whole batch is in CaseIntakeRepository.
 */
@Injectable()
export class CasesRepository {
  constructor(private readonly db: Database) {}

  async findById(id: string, sql: Sql = this.db): Promise<CaseRecord | null> {
    const rows = await sql.read<CaseRow>(`${SELECT_CASES} WHERE c.id = $1`, [id]);
    return rows[0] ? toCaseRecord(rows[0]) : null;
  }

  /** Reads a case and locks it until the transaction ends: changes to one case happen one at a time. */
  async lockById(tx: Sql, id: string): Promise<CaseRecord | null> {
    const rows = await tx.query<CaseRow>(`${SELECT_CASES} WHERE c.id = $1 FOR UPDATE OF c`, [id]);
    return rows[0] ? toCaseRecord(rows[0]) : null;
  }

  async updateLifecycle(
    tx: Sql,
    id: string,
    state: CaseLifecycle,
    extra: {
      firstResponseRef?: string | null;
      firstResponseSubstantive?: boolean | null;
      referredTo?: string | null;
      duplicateOf?: string | null;
    } = {},
  ): Promise<void> {
    await tx.execute(
      `UPDATE cases SET status = $2, outcome = $3, first_response_at = $4, first_response_by = $5,
              resolved_at = $6, closed_at = $7,
              first_response_ref = CASE WHEN $8::boolean THEN $9 ELSE first_response_ref END,
              first_response_substantive = CASE WHEN $8::boolean THEN $10 ELSE first_response_substantive END,
              referred_to = coalesce($11, referred_to), duplicate_of = coalesce($12::uuid, duplicate_of),
              updated_at = now()
       WHERE id = $1`,
      [
        id,
        state.status,
        state.outcome,
        state.firstResponseAt,
        state.firstResponseBy,
        state.resolvedAt,
        state.closedAt,
        extra.firstResponseRef !== undefined,
        extra.firstResponseRef ?? null,
        extra.firstResponseSubstantive ?? null,
        extra.referredTo ?? null,
        extra.duplicateOf ?? null,
      ],
    );
  }

  async setSatisfaction(
    tx: Sql,
    id: string,
    satisfaction:
      { level: string; score: number; at: Date } | { signal: 'thanks' | 'complaint_again' },
  ): Promise<void> {
    if ('signal' in satisfaction) {
      await tx.execute(
        `UPDATE cases SET satisfaction_signal = $2, updated_at = now() WHERE id = $1`,
        [id, satisfaction.signal],
      );
      return;
    }
    await tx.execute(
      `UPDATE cases SET satisfaction_level = $2, satisfaction_score = $3, satisfaction_at = $4, updated_at = now()
       WHERE id = $1`,
      [id, satisfaction.level, satisfaction.score, satisfaction.at],
    );
  }

  async classificationOf(commentId: string): Promise<MessageClassification | null> {
    const rows = await this.db.read<MessageClassification>(
      `SELECT kind, category, actionable, score, matches, ruleset_version AS "rulesetVersion",
              classified_at AS "classifiedAt"
       FROM classifications WHERE comment_id = $1`,
      [commentId],
    );
    return rows[0] ?? null;
  }

  /**
   * The backlog: the nearest pending deadline first (acknowledge until
   * answered, then resolve); cases already resolved or closed have no
   * pending deadline and come after every case still waiting. The ORDER BY
   * is the key of the index cases_backlog_order (a page is read off it, not
   * sorted): change both together.
   *
   * Null when there is no such leader: a page with rows proves the leader
   * (every case references one), an empty page asks, so the backlog needs no
   * read of the leader of its own.
   */
  async listForLeader(filter: CaseListFilter, page: PageRequest): Promise<Page<CaseRecord> | null> {
    const conditions = ['c.leader_id = $1'];
    const params: unknown[] = [filter.leaderId];
    const add = (condition: string, value: unknown) => {
      params.push(value);
      conditions.push(condition.replace(/\?/g, `$${params.length}`));
    };
    if (filter.status) {
      add('c.status = ?', filter.status);
    }
    if (filter.category) {
      add('c.category = ?', filter.category);
    }
    if (filter.kind) {
      add('c.kind = ?', filter.kind);
    }
    if (filter.overdue !== undefined) {
      add(
        `(c.first_response_at IS NULL AND c.acknowledge_deadline < ?) = ${filter.overdue ? 'true' : 'false'}`,
        filter.now,
      );
    }
    const where = conditions.join(' AND ');
    // Unfiltered, the total is the leader's count kept by the database
    // (leader_case_counts); a filtered one is counted.
    const count =
      conditions.length === 1
        ? `coalesce((SELECT k.cases FROM leader_case_counts k WHERE k.leader_id = $1), 0)`
        : `(SELECT count(*)::int FROM cases c WHERE ${where})`;
    // One round trip: the count rides on the page as an InitPlan, computed
    // once in the same snapshot. Only a page past the end, which has no row
    // to carry it, asks for the count alone. Both are prepared reads, their
    // texts one per combination of filters (the page's bounds are parameters).
    const rows = await this.db.read<CaseRow & { total: number }>(
      `SELECT ${CASE_COLUMNS}, ${count} AS total
       FROM ${CASES_WITH_MESSAGE} WHERE ${where}
       ORDER BY c.status IN ('resolved', 'closed'),
                CASE WHEN c.first_response_at IS NULL THEN c.acknowledge_deadline ELSE c.resolve_deadline END,
                c.opened_at, c.id
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.pageSize, offsetOf(page)],
    );
    if (rows.length > 0) {
      return {
        items: rows.map(toCaseRecord),
        total: rows[0].total,
        page: page.page,
        pageSize: page.pageSize,
      };
    }
    const [empty] = await this.db.read<{ total: number; leader: boolean }>(
      `SELECT ${count} AS total, EXISTS (SELECT 1 FROM leaders WHERE id = $1) AS leader`,
      params,
    );
    return empty.leader
      ? { items: [], total: empty.total, page: page.page, pageSize: page.pageSize }
      : null;
  }

  /** Reads a case's kind and category and locks the case until the transaction commits. */
  async lockTopic(tx: Sql, caseId: string): Promise<CaseTopic | null> {
    const rows = await tx.query<{ leader_id: string; kind: string; category: string }>(
      `SELECT leader_id, kind, category FROM cases WHERE id = $1 FOR UPDATE`,
      [caseId],
    );
    return rows[0]
      ? { leaderId: rows[0].leader_id, kind: rows[0].kind, category: rows[0].category }
      : null;
  }

  async setTopic(
    tx: Sql,
    caseId: string,
    topic: { kind: string; category: string },
    at: Date,
  ): Promise<void> {
    await tx.execute(`UPDATE cases SET kind = $2, category = $3, updated_at = $4 WHERE id = $1`, [
      caseId,
      topic.kind,
      topic.category,
      at,
    ]);
  }
}
