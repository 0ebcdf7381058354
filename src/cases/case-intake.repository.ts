import { Injectable } from '@nestjs/common';
import type { Sql } from '../database/database';
import type { CaseRecord } from './case-record';
import { type CaseRow, SELECT_CASES, toCaseRecord } from './cases.repository';
import type { CaseLifecycle } from './case-state-machine';
import type { NewCase, ThreadReply } from './intake-plan';

/** The set-based writes and reads of case intake: a few statements per post batch. */
@Injectable()
export class CaseIntakeRepository {
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

  /**
   * The cases of these messages, locked until the transaction ends, taken in
   * case id order so that every batch locks in the same order.
   */
  async lockByCommentIds(tx: Sql, commentIds: readonly string[]): Promise<CaseRecord[]> {
    if (commentIds.length === 0) {
      return [];
    }
    const rows = await tx.query<CaseRow>(
      `${SELECT_CASES} WHERE c.comment_id = ANY($1::text[]) ORDER BY c.id FOR UPDATE OF c`,
      [commentIds],
    );
    return rows.map(toCaseRecord);
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
}
