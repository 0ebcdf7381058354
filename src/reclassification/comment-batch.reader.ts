import { Injectable } from '@nestjs/common';
import type { Sql } from '../database/database';
import type { ClassificationSummary } from './reclassification-diff';
import { storedWeiboText, type WeiboText } from '../weibo/weibo-text';

/** A citizen comment as a re-classification batch needs it: text, current result, case, owner. */
export interface CommentToReclassify {
  id: string;
  postId: string;
  leaderId: string;
  leaderWeiboUid: string;
  rootId: string;
  parentId: string | null;
  authorUid: string;
  authorName: string;
  text: string;
  /** What the classifier reads: the clean text and its signals (see storedWeiboText). */
  message: WeiboText;
  createdAt: Date;
  /** A citizen's reply in their own thread: a satisfaction signal, never a case of its own. */
  inOwnThread: boolean;
  current: ClassificationSummary | null;
  caseId: string | null;
}

interface CommentRow {
  id: string;
  post_id: string;
  leader_id: string;
  weibo_uid: string;
  root_id: string;
  parent_id: string | null;
  author_uid: string;
  author_name: string;
  text: string;
  html: string;
  text_signals: unknown;
  created_at: Date;
  in_own_thread: boolean;
  c_kind: ClassificationSummary['kind'] | null;
  c_category: ClassificationSummary['category'] | null;
  c_actionable: boolean | null;
  c_score: number | null;
  c_version: string | null;
  case_id: string | null;
}

/**
 * The batch's comments are picked first (by the caller's condition, in id
 * order), then joined to their classification, case and leader by key: the
 * joins then cost the batch's size, not the tables'.
 */
function commentsWhere(condition: string, limit: string): string {
  return `WITH batch AS MATERIALIZED (
      SELECT m.* FROM comments m
      LEFT JOIN classifications cl ON cl.comment_id = m.id
      WHERE NOT m.by_leader AND ${condition} ORDER BY m.id LIMIT ${limit})
    SELECT m.id, m.post_id, m.leader_id, l.weibo_uid, m.root_id, m.parent_id, m.author_uid,
      m.author_name, m.text, m.html, m.text_signals, m.created_at,
      (m.root_id <> m.id AND r.author_uid IS NOT DISTINCT FROM m.author_uid) AS in_own_thread,
      cl.kind AS c_kind, cl.category AS c_category, cl.actionable AS c_actionable, cl.score AS c_score,
      cl.ruleset_version AS c_version, k.id AS case_id
    FROM batch m
    JOIN leaders l ON l.id = m.leader_id
    LEFT JOIN comments r ON r.id = m.root_id
    LEFT JOIN classifications cl ON cl.comment_id = m.id
    LEFT JOIN cases k ON k.comment_id = m.id
    ORDER BY m.id`;
}

function toComment(row: CommentRow): CommentToReclassify {
  return {
    id: row.id,
    postId: row.post_id,
    leaderId: row.leader_id,
    leaderWeiboUid: row.weibo_uid,
    rootId: row.root_id,
    parentId: row.parent_id,
    authorUid: row.author_uid,
    authorName: row.author_name,
    text: row.text,
    message: storedWeiboText(row.text, row.html, row.text_signals),
    createdAt: row.created_at,
    inOwnThread: row.in_own_thread,
    current:
      row.c_kind === null || row.c_category === null
        ? null
        : {
            kind: row.c_kind,
            category: row.c_category,
            actionable: row.c_actionable ?? false,
            score: row.c_score ?? 0,
            rulesetVersion: row.c_version ?? '',
          },
    caseId: row.case_id,
  };
}

/**
 * Reads the citizen comments a re-classification batch works on, with their
 * current classification and case. It writes nothing: a batch's effects go
 * through the classification service, the job and change-log repositories
 * and the port cases owns.
 */
@Injectable()
export class CommentBatchReader {
  /** Citizen comments (not the leader's own), the ones a ruleset sorts. */
  async countCitizenComments(tx: Sql): Promise<number> {
    const [{ n }] = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM comments WHERE NOT by_leader`,
    );
    return n;
  }

  /** The next citizen comments after the keyset position, in id order. */
  async nextComments(
    tx: Sql,
    afterId: string | null,
    limit: number,
  ): Promise<CommentToReclassify[]> {
    const rows =
      afterId === null
        ? await tx.query<CommentRow>(commentsWhere('true', '$1'), [limit])
        : await tx.query<CommentRow>(commentsWhere('m.id > $1', '$2'), [afterId, limit]);
    return rows.map(toComment);
  }

  /**
   * Citizen comments the keyset pass left on another version: classified by
   * an instance that had not yet loaded the new ruleset, or stored behind
   * the pass's position while it ran.
   */
  async stragglers(tx: Sql, version: string, limit: number): Promise<CommentToReclassify[]> {
    const rows = await tx.query<CommentRow>(
      commentsWhere('cl.ruleset_version IS DISTINCT FROM $1', '$2'),
      [version, limit],
    );
    return rows.map(toComment);
  }
}
