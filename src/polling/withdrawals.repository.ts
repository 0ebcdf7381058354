import { Injectable } from '@nestjs/common';
import type { Sql } from '../database/database';
import type { Baseline, HeldComment, RereadVerdict } from '../integrity/withdrawn-content';

export interface WithdrawalOnCase {
  caseId: string;
  leaderId: string;
  commentId: string;
  /** The case's own message (the citizen's comment), or a leader reply in its thread. */
  role: 'message' | 'response';
  firstResponse: boolean;
  withdrawnAt: Date | null;
}

/** Comments' withdrawal marks and posts' re-read baselines. Nothing here deletes a row. */
@Injectable()
export class WithdrawalsRepository {
  async heldForPost(tx: Sql, postId: string): Promise<HeldComment[]> {
    const rows = await tx.query<{
      id: string;
      root_id: string;
      root_created_at: Date;
      missed_at: Date | null;
      withdrawn_at: Date | null;
      reappeared_at: Date | null;
    }>(
      `SELECT c.id, c.root_id, coalesce(r.created_at, c.created_at) AS root_created_at,
              c.missed_at, c.withdrawn_at, c.reappeared_at
       FROM comments c LEFT JOIN comments r ON r.id = c.root_id
       WHERE c.post_id = $1`,
      [postId],
    );
    return rows.map((r) => ({
      id: r.id,
      rootId: r.root_id,
      rootCreatedAt: r.root_created_at,
      missedAt: r.missed_at,
      withdrawnAt: r.withdrawn_at,
      reappearedAt: r.reappeared_at,
    }));
  }

  async baseline(tx: Sql, postId: string): Promise<Baseline | null> {
    const rows = await tx.query<{ seen: number | null; reported: number | null }>(
      `SELECT last_complete_seen AS seen, last_complete_reported AS reported FROM posts WHERE id = $1`,
      [postId],
    );
    const row = rows[0];
    return row === undefined || row.seen === null || row.reported === null
      ? null
      : { seen: row.seen, reported: row.reported };
  }

  async apply(tx: Sql, postId: string, verdict: RereadVerdict, now: Date): Promise<void> {
    const ids = (list: string[]) => (list.length === 0 ? null : list);
    if (ids(verdict.firstMisses)) {
      await tx.execute(
        `UPDATE comments SET missed_at = $2 WHERE post_id = $3 AND id = ANY($1::text[]) AND withdrawn_at IS NULL`,
        [verdict.firstMisses, now, postId],
      );
    }
    if (verdict.withdrawn.length > 0) {
      await tx.execute(
        `UPDATE comments SET withdrawn_at = missed_at
         WHERE post_id = $2 AND id = ANY($1::text[]) AND withdrawn_at IS NULL AND missed_at IS NOT NULL`,
        [verdict.withdrawn.map((w) => w.id), postId],
      );
    }
    if (ids(verdict.cleared)) {
      await tx.execute(
        `UPDATE comments SET missed_at = NULL WHERE post_id = $2 AND id = ANY($1::text[]) AND withdrawn_at IS NULL`,
        [verdict.cleared, postId],
      );
    }
    if (ids(verdict.reappeared)) {
      await tx.execute(
        `UPDATE comments SET reappeared_at = $2 WHERE post_id = $3 AND id = ANY($1::text[]) AND reappeared_at IS NULL`,
        [verdict.reappeared, now, postId],
      );
    }
    if (verdict.baseline !== null) {
      await tx.execute(
        `UPDATE posts SET last_complete_read_at = $2, last_complete_seen = $3, last_complete_reported = $4
         WHERE id = $1`,
        [postId, now, verdict.baseline.seen, verdict.baseline.reported],
      );
    }
  }

  /** The cases whose message, or whose leader reply, these comments are. */
  async casesOf(tx: Sql, commentIds: string[]): Promise<WithdrawalOnCase[]> {
    if (commentIds.length === 0) {
      return [];
    }
    const rows = await tx.query<{
      case_id: string;
      leader_id: string;
      comment_id: string;
      is_message: boolean;
      first_response: boolean;
      withdrawn_at: Date | null;
    }>(
      `SELECT k.id AS case_id, k.leader_id, m.id AS comment_id, k.comment_id = m.id AS is_message,
              coalesce(k.first_response_ref = m.id, false) AS first_response, m.withdrawn_at
       FROM comments m
       JOIN cases k ON k.comment_id = m.id OR (m.by_leader AND m.id <> m.root_id AND k.comment_id = m.root_id)
       WHERE m.id = ANY($1::text[])
       ORDER BY k.id, m.id`,
      [commentIds],
    );
    return rows.map((r) => ({
      caseId: r.case_id,
      leaderId: r.leader_id,
      commentId: r.comment_id,
      role: r.is_message ? 'message' : 'response',
      firstResponse: r.first_response,
      withdrawnAt: r.withdrawn_at,
    }));
  }
}
