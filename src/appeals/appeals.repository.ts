import { Injectable } from '@nestjs/common';
import { offsetOf, type Page } from '../common/pagination';
import { Database, type Sql } from '../database/database';
import type { SnapshotCaseCorrection } from '../metrics/snapshot-format';
import type { AppealStatus, CaseFacts } from './appeal-rules';

export type Appeal = {
  id: string;
  snapshotId: string;
  leaderId: string;
  caseIds: string[];
  reason: string;
  status: AppealStatus;
  filedBy: string;
  filedAt: Date;
  /** The last instant an appeal against this snapshot could be filed. */
  deadline: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  /** What an accepted appeal changed; empty when rejected, null while pending. */
  corrections: SnapshotCaseCorrection[] | null;
  correctedSnapshotId: string | null;
};

export type NewAppeal = Pick<
  Appeal,
  'snapshotId' | 'leaderId' | 'caseIds' | 'reason' | 'filedBy' | 'filedAt' | 'deadline'
>;

export type AppealDecision = {
  status: 'accepted' | 'rejected';
  decidedBy: string;
  decidedAt: Date;
  decisionReason: string;
  corrections: SnapshotCaseCorrection[];
  correctedSnapshotId: string | null;
};

export type AppealFilter = {
  status?: AppealStatus;
  leaderId?: string;
  snapshotId?: string;
  /** null: every leader; otherwise only these. */
  leaderIds: string[] | null;
};

type AppealRow = {
  id: string;
  snapshot_id: string;
  leader_id: string;
  case_ids: string[] | string;
  reason: string;
  status: AppealStatus;
  filed_by: string;
  filed_at: Date;
  deadline: Date;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  corrections: SnapshotCaseCorrection[] | string | null;
  corrected_snapshot_id: string | null;
};

const COLUMNS = `id, snapshot_id, leader_id, case_ids, reason, status, filed_by, filed_at, deadline,
  decided_by, decided_at, decision_reason, corrections, corrected_snapshot_id`;

@Injectable()
export class AppealsRepository {
  constructor(private readonly db: Database) {}

  async insert(tx: Sql, appeal: NewAppeal): Promise<Appeal> {
    const rows = await tx.query<AppealRow>(
      `INSERT INTO appeals (snapshot_id, leader_id, case_ids, reason, filed_by, filed_at, deadline)
       VALUES ($1::uuid, $2::uuid, $3::uuid[], $4, $5, $6::timestamptz, $7::timestamptz)
       RETURNING ${COLUMNS}`,
      [
        appeal.snapshotId,
        appeal.leaderId,
        appeal.caseIds,
        appeal.reason,
        appeal.filedBy,
        appeal.filedAt.toISOString(),
        appeal.deadline.toISOString(),
      ],
    );
    return toAppeal(rows[0]);
  }

  async findById(id: string, sql: Sql = this.db): Promise<Appeal | null> {
    const rows = await sql.query<AppealRow>(`SELECT ${COLUMNS} FROM appeals WHERE id = $1::uuid`, [
      id,
    ]);
    return rows.length === 0 ? null : toAppeal(rows[0]);
  }

  /** The appeal, locked until the transaction ends: deciders queue here. */
  async lockById(tx: Sql, id: string): Promise<Appeal | null> {
    const rows = await tx.query<AppealRow>(
      `SELECT ${COLUMNS} FROM appeals WHERE id = $1::uuid FOR UPDATE`,
      [id],
    );
    return rows.length === 0 ? null : toAppeal(rows[0]);
  }

  /** Writes the decision on a pending appeal; false if it was decided meanwhile. */
  async decide(tx: Sql, id: string, decision: AppealDecision): Promise<Appeal | null> {
    const rows = await tx.query<AppealRow>(
      `UPDATE appeals SET status = $2, decided_by = $3, decided_at = $4::timestamptz,
         decision_reason = $5, corrections = $6::jsonb, corrected_snapshot_id = $7::uuid
       WHERE id = $1::uuid AND status = 'pending'
       RETURNING ${COLUMNS}`,
      [
        id,
        decision.status,
        decision.decidedBy,
        decision.decidedAt.toISOString(),
        decision.decisionReason,
        JSON.stringify(decision.corrections),
        decision.correctedSnapshotId,
      ],
    );
    return rows.length === 0 ? null : toAppeal(rows[0]);
  }

  /** Newest first. */
  async list(
    filter: AppealFilter,
    page: { page: number; pageSize: number },
  ): Promise<Page<Appeal>> {
    const where = `($1::text IS NULL OR status = $1::text)
      AND ($2::uuid IS NULL OR leader_id = $2::uuid)
      AND ($3::uuid IS NULL OR snapshot_id = $3::uuid)
      AND ($4::uuid[] IS NULL OR leader_id = ANY($4::uuid[]))`;
    const params = [
      filter.status ?? null,
      filter.leaderId ?? null,
      filter.snapshotId ?? null,
      filter.leaderIds,
    ];
    const rows = await this.db.query<AppealRow>(
      `SELECT ${COLUMNS} FROM appeals WHERE ${where}
       ORDER BY filed_at DESC, id DESC LIMIT $5 OFFSET $6`,
      [...params, page.pageSize, offsetOf(page)],
    );
    const total = await this.db.query<{ total: unknown }>(
      `SELECT count(*)::int AS total FROM appeals WHERE ${where}`,
      params,
    );
    return {
      items: rows.map(toAppeal),
      total: Number(total[0].total),
      page: page.page,
      pageSize: page.pageSize,
    };
  }

  /** A pending appeal against this snapshot that names any of `caseIds`, the earliest filed. */
  async findPendingFor(
    tx: Sql,
    snapshotId: string,
    caseIds: readonly string[],
  ): Promise<Appeal | null> {
    const rows = await tx.query<AppealRow>(
      `SELECT ${COLUMNS} FROM appeals
        WHERE snapshot_id = $1::uuid AND status = 'pending' AND case_ids && $2::uuid[]
        ORDER BY filed_at, id LIMIT 1`,
      [snapshotId, caseIds],
    );
    return rows.length === 0 ? null : toAppeal(rows[0]);
  }

  /** The facts the filing rules check, for the cases that exist among `ids`. */
  async caseFacts(ids: readonly string[], sql: Sql = this.db): Promise<CaseFacts[]> {
    const rows = await sql.query<{ id: string; leader_id: string; opened_at: Date }>(
      `SELECT id, leader_id, opened_at FROM cases WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map((row) => ({
      id: row.id,
      leaderId: row.leader_id,
      openedAt: row.opened_at instanceof Date ? row.opened_at : new Date(row.opened_at),
    }));
  }
}

function toAppeal(row: AppealRow): Appeal {
  return {
    id: row.id,
    snapshotId: row.snapshot_id,
    leaderId: row.leader_id,
    caseIds: parseUuidArray(row.case_ids),
    reason: row.reason,
    status: row.status,
    filedBy: row.filed_by,
    filedAt: row.filed_at,
    deadline: row.deadline,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    decisionReason: row.decision_reason,
    corrections:
      typeof row.corrections === 'string'
        ? (JSON.parse(row.corrections) as SnapshotCaseCorrection[])
        : row.corrections,
    correctedSnapshotId: row.corrected_snapshot_id,
  };
}

/** uuid[] arrives as an array from pg and, on some paths, as the text form `{a,b}`. */
function parseUuidArray(value: string[] | string): string[] {
  if (Array.isArray(value)) {
    return value;
  }
  const inner = value.replace(/^\{|\}$/g, '');
  return inner === '' ? [] : inner.split(',');
}
