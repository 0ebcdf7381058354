import { Injectable } from '@nestjs/common';
import { Database, type Sql } from '../database/database';
import type { FollowUpRecord, NewFollowUp } from './case-record';
import type { FollowUpType } from './case-state-machine';

interface FollowUpRow {
  id: string;
  case_id: string;
  type: FollowUpType;
  text: string;
  evidence_url: string | null;
  referred_to: string | null;
  duplicate_of: string | null;
  actor: string;
  recorded_at: Date;
  idempotency_key: string | null;
  request_hash: string | null;
}

const COLUMNS =
  'id, case_id, type, text, evidence_url, referred_to, duplicate_of, actor, recorded_at, idempotency_key, request_hash';

function toRecord(row: FollowUpRow): FollowUpRecord {
  return {
    id: row.id,
    caseId: row.case_id,
    type: row.type,
    text: row.text,
    evidenceUrl: row.evidence_url,
    referredTo: row.referred_to,
    duplicateOf: row.duplicate_of,
    actor: row.actor,
    recordedAt: row.recorded_at,
    idempotencyKey: row.idempotency_key,
    requestHash: row.request_hash,
  };
}

@Injectable()
export class FollowUpsRepository {
  constructor(private readonly db: Database) {}

  async insert(tx: Sql, followUp: NewFollowUp): Promise<FollowUpRecord> {
    const rows = await tx.query<FollowUpRow>(
      `INSERT INTO follow_ups (case_id, type, text, evidence_url, referred_to, duplicate_of, actor, recorded_at,
                               idempotency_key, request_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${COLUMNS}`,
      [
        followUp.caseId,
        followUp.type,
        followUp.text,
        followUp.evidenceUrl,
        followUp.referredTo,
        followUp.duplicateOf,
        followUp.actor,
        followUp.recordedAt,
        followUp.idempotencyKey,
        followUp.requestHash,
      ],
    );
    return toRecord(rows[0]);
  }

  /** The follow-up a retried request of this actor (one API key) already recorded on this case, if any. */
  async findByIdempotencyKey(
    tx: Sql,
    caseId: string,
    actor: string,
    idempotencyKey: string,
  ): Promise<FollowUpRecord | null> {
    const rows = await tx.query<FollowUpRow>(
      `SELECT ${COLUMNS} FROM follow_ups
        WHERE case_id = $1 AND actor = $2 AND idempotency_key = $3`,
      [caseId, actor, idempotencyKey],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async listForCase(caseId: string, sql: Sql = this.db): Promise<FollowUpRecord[]> {
    const rows = await sql.read<FollowUpRow>(
      `SELECT ${COLUMNS} FROM follow_ups WHERE case_id = $1 ORDER BY recorded_at, id`,
      [caseId],
    );
    return rows.map(toRecord);
  }
}
