import { Injectable } from '@nestjs/common';
import { offsetOf, type Page } from '../common/pagination';
import { Database, type Sql } from '../database/database';
import type { CaseRecord } from './case-record';
import type { CaseLifecycle } from './case-state-machine';

interface CaseRow {
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
}

const SELECT = `SELECT c.*, m.post_id AS m_post_id, m.text AS m_text, m.author_name AS m_author_name,
  m.author_uid AS m_author_uid, m.created_at AS m_created_at
  FROM cases c JOIN comments m ON m.id = c.comment_id`;

function toRecord(row: CaseRow): CaseRecord {
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
    message: {
      weiboId: row.comment_id,
      postId: row.m_post_id,
      text: row.m_text,
      authorName: row.m_author_name,
      authorUid: row.m_author_uid,
      createdAt: row.m_created_at,
    },
  };
}

export interface NewCase {
  leaderId: string;
  commentId: string;
  kind: string;
  category: string;
  openedAt: Date;
  acknowledgeDeadline: Date;
  resolveDeadline: Date;
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

export interface ThreadReply {
  id: string;
  parentId: string | null;
  authorUid: string;
  text: string;
  createdAt: Date;
}

@Injectable()
export class CasesRepository {
  constructor(private readonly db: Database) {}

  /** One case per message: a second opening of the same comment does nothing and returns null. */
  async insert(tx: Sql, newCase: NewCase): Promise<string | null> {
    const rows = await tx.query<{ id: string }>(
      `INSERT INTO cases (leader_id, comment_id, status, kind, category, opened_at, acknowledge_deadline, resolve_deadline)
       VALUES ($1, $2, 'open', $3, $4, $5, $6, $7)
       ON CONFLICT (comment_id) DO NOTHING RETURNING id`,
      [
        newCase.leaderId,
        newCase.commentId,
        newCase.kind,
        newCase.category,
        newCase.openedAt,
        newCase.acknowledgeDeadline,
        newCase.resolveDeadline,
      ],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * Opens many cases in one statement, one per message: a message that
   * already has a case is left alone. Returns the new cases' ids by comment id.
   */
  async insertMany(tx: Sql, newCases: readonly NewCase[]): Promise<Map<string, string>> {
    if (newCases.length === 0) {
      return new Map();
    }
    const records = newCases.map((c) => ({
      leader_id: c.leaderId,
      comment_id: c.commentId,
      kind: c.kind,
      category: c.category,
      opened_at: c.openedAt.toISOString(),
      acknowledge_deadline: c.acknowledgeDeadline.toISOString(),
      resolve_deadline: c.resolveDeadline.toISOString(),
    }));
    const rows = await tx.query<{ id: string; comment_id: string }>(
      `INSERT INTO cases (leader_id, comment_id, status, kind, category, opened_at, acknowledge_deadline, resolve_deadline)
       SELECT x.leader_id, x.comment_id, 'open', x.kind, x.category, x.opened_at, x.acknowledge_deadline,
              x.resolve_deadline
       FROM jsonb_to_recordset($1::jsonb) AS x(leader_id uuid, comment_id text, kind text, category text,
            opened_at timestamptz, acknowledge_deadline timestamptz, resolve_deadline timestamptz)
       ON CONFLICT (comment_id) DO NOTHING RETURNING id, comment_id`,
      [JSON.stringify(records)],
    );
    return new Map(rows.map((row) => [row.comment_id, row.id]));
  }

  async findById(id: string, sql: Sql = this.db): Promise<CaseRecord | null> {
    const rows = await sql.query<CaseRow>(`${SELECT} WHERE c.id = $1`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Reads a case and locks it until the transaction ends: changes to one case happen one at a time. */
  async lockById(tx: Sql, id: string): Promise<CaseRecord | null> {
    const rows = await tx.query<CaseRow>(`${SELECT} WHERE c.id = $1 FOR UPDATE OF c`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async lockByCommentId(tx: Sql, commentId: string): Promise<CaseRecord | null> {
    const rows = await tx.query<CaseRow>(`${SELECT} WHERE c.comment_id = $1 FOR UPDATE OF c`, [
      commentId,
    ]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /**
   * The cases of these messages, locked until the transaction ends, taken in
   * case id order so that every batch locks in the same order.
   */
  async lockByCommentIds(tx: Sql, commentIds: readonly string[]): Promise<CaseRecord[]> {
    if (commentIds.length === 0) {
      return [];
    }
    const rows = await tx.query<CaseRow>(
      `${SELECT} WHERE c.comment_id = ANY($1::text[]) ORDER BY c.id FOR UPDATE OF c`,
      [commentIds],
    );
    return rows.map(toRecord);
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

  /** Leader responses found by intake: the lifecycle and the first response's evidence of each case, in one statement. */
  async recordResponses(
    tx: Sql,
    responses: readonly {
      id: string;
      state: CaseLifecycle;
      firstResponseRef: string;
      firstResponseSubstantive: boolean;
    }[],
  ): Promise<void> {
    if (responses.length === 0) {
      return;
    }
    const records = responses.map((r) => ({
      id: r.id,
      status: r.state.status,
      outcome: r.state.outcome,
      first_response_at: r.state.firstResponseAt?.toISOString() ?? null,
      first_response_by: r.state.firstResponseBy,
      resolved_at: r.state.resolvedAt?.toISOString() ?? null,
      closed_at: r.state.closedAt?.toISOString() ?? null,
      first_response_ref: r.firstResponseRef,
      first_response_substantive: r.firstResponseSubstantive,
    }));
    await tx.execute(
      `UPDATE cases c SET status = x.status, outcome = x.outcome, first_response_at = x.first_response_at,
              first_response_by = x.first_response_by, resolved_at = x.resolved_at, closed_at = x.closed_at,
              first_response_ref = x.first_response_ref,
              first_response_substantive = x.first_response_substantive, updated_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, status text, outcome text, first_response_at timestamptz,
            first_response_by text, resolved_at timestamptz, closed_at timestamptz, first_response_ref text,
            first_response_substantive boolean)
       WHERE c.id = x.id`,
      [JSON.stringify(records)],
    );
  }

  async setSatisfactionSignals(
    tx: Sql,
    signals: readonly { id: string; signal: 'thanks' | 'complaint_again' }[],
  ): Promise<void> {
    if (signals.length === 0) {
      return;
    }
    await tx.execute(
      `UPDATE cases c SET satisfaction_signal = x.signal, updated_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, signal text)
       WHERE c.id = x.id`,
      [JSON.stringify(signals)],
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

  /** Every reply held in a comment's thread, oldest first. */
  async threadReplies(tx: Sql, rootCommentId: string): Promise<ThreadReply[]> {
    return tx.query<ThreadReply>(
      `SELECT id, parent_id AS "parentId", author_uid AS "authorUid", text, created_at AS "createdAt"
       FROM comments WHERE root_id = $1 AND id <> $1 ORDER BY created_at, length(id), id`,
      [rootCommentId],
    );
  }

  async commentAuthor(tx: Sql, commentId: string): Promise<string | null> {
    const rows = await tx.query<{ author_uid: string }>(
      `SELECT author_uid FROM comments WHERE id = $1`,
      [commentId],
    );
    return rows[0]?.author_uid ?? null;
  }

  /**
   * The replies by one author (the leader's uid) held in each of these
   * comments' threads, oldest first, by root comment id: a thread's other
   * replies cannot be the leader's response.
   */
  async repliesByAuthorIn(
    tx: Sql,
    rootCommentIds: readonly string[],
    authorUid: string,
  ): Promise<Map<string, ThreadReply[]>> {
    const threads = new Map<string, ThreadReply[]>();
    if (rootCommentIds.length === 0) {
      return threads;
    }
    const rows = await tx.query<ThreadReply & { rootId: string }>(
      `SELECT root_id AS "rootId", id, parent_id AS "parentId", author_uid AS "authorUid", text,
              created_at AS "createdAt"
       FROM comments WHERE root_id = ANY($1::text[]) AND id <> root_id AND author_uid = $2
       ORDER BY root_id, created_at, length(id), id`,
      [rootCommentIds, authorUid],
    );
    for (const { rootId, ...reply } of rows) {
      const thread = threads.get(rootId);
      if (thread) {
        thread.push(reply);
      } else {
        threads.set(rootId, [reply]);
      }
    }
    return threads;
  }

  /** The author uid of each of these comments that is held, by comment id. */
  async commentAuthors(tx: Sql, commentIds: readonly string[]): Promise<Map<string, string>> {
    if (commentIds.length === 0) {
      return new Map();
    }
    const rows = await tx.query<{ id: string; author_uid: string }>(
      `SELECT id, author_uid FROM comments WHERE id = ANY($1::text[])`,
      [commentIds],
    );
    return new Map(rows.map((row) => [row.id, row.author_uid]));
  }

  async classificationOf(commentId: string): Promise<MessageClassification | null> {
    const rows = await this.db.query<MessageClassification>(
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
   * pending deadline and come after every case still waiting.
   */
  async listForLeader(
    filter: CaseListFilter,
    page: { page: number; pageSize: number },
  ): Promise<Page<CaseRecord>> {
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
    const [{ total }] = await this.db.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM cases c WHERE ${where}`,
      params,
    );
    const rows = await this.db.query<CaseRow>(
      `${SELECT} WHERE ${where}
       ORDER BY c.status IN ('resolved', 'closed'),
                CASE WHEN c.first_response_at IS NULL THEN c.acknowledge_deadline ELSE c.resolve_deadline END,
                c.opened_at, c.id
       LIMIT ${page.pageSize} OFFSET ${offsetOf(page)}`,
      params,
    );
    return { items: rows.map(toRecord), total, page: page.page, pageSize: page.pageSize };
  }
}
