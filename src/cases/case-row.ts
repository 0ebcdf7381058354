/**
 * A case row as PostgreSQL returns it (with its message's columns), and the
 * record the services work with. Shared by the repositories that read cases.
 */
import type { CaseRecord } from './case-record';

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
}

/** Cases (alias `c`) with their message (alias `m`); callers add WHERE, ORDER BY, locks. */
export const SELECT_CASES = `SELECT c.*, m.post_id AS m_post_id, m.text AS m_text, m.author_name AS m_author_name,
  m.author_uid AS m_author_uid, m.created_at AS m_created_at
  FROM cases c JOIN comments m ON m.id = c.comment_id`;

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
