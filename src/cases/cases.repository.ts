import { Injectable } from '@nestjs/common';
import { offsetOf, type Page } from '../common/pagination';
import { Database, type Sql } from '../database/database';
import type { CaseRecord } from './case-record';
import { type CaseRow, SELECT_CASES, toCaseRecord } from './case-row';
import type { CaseLifecycle } from './case-state-machine';

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
    const rows = await sql.query<CaseRow>(`${SELECT_CASES} WHERE c.id = $1`, [id]);
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
      `${SELECT_CASES} WHERE ${where}
       ORDER BY c.status IN ('resolved', 'closed'),
                CASE WHEN c.first_response_at IS NULL THEN c.acknowledge_deadline ELSE c.resolve_deadline END,
                c.opened_at, c.id
       LIMIT ${page.pageSize} OFFSET ${offsetOf(page)}`,
      params,
    );
    return { items: rows.map(toCaseRecord), total, page: page.page, pageSize: page.pageSize };
  }
}
