import { Injectable } from '@nestjs/common';
import { Database, type Sql } from '../database/database';
import type { SurveyChannel, SurveyRecord } from './case-record';

interface SurveyRow {
  id: string;
  case_id: string;
  level: SurveyRecord['level'];
  score: SurveyRecord['score'];
  channel: SurveyChannel;
  actor: string;
  recorded_at: Date;
}

const COLUMNS = 'id, case_id, level, score, channel, actor, recorded_at';

function toRecord(row: SurveyRow): SurveyRecord {
  return {
    id: row.id,
    caseId: row.case_id,
    level: row.level,
    score: row.score,
    channel: row.channel,
    actor: row.actor,
    recordedAt: row.recorded_at,
  };
}

@Injectable()
export class SatisfactionSurveysRepository {
  constructor(private readonly db: Database) {}

  async insert(tx: Sql, survey: Omit<SurveyRecord, 'id'>): Promise<SurveyRecord> {
    const rows = await tx.query<SurveyRow>(
      `INSERT INTO satisfaction_surveys (case_id, level, score, channel, actor, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [survey.caseId, survey.level, survey.score, survey.channel, survey.actor, survey.recordedAt],
    );
    return toRecord(rows[0]);
  }

  async listForCase(caseId: string, sql: Sql = this.db): Promise<SurveyRecord[]> {
    const rows = await sql.read<SurveyRow>(
      `SELECT ${COLUMNS} FROM satisfaction_surveys WHERE case_id = $1 ORDER BY recorded_at, id`,
      [caseId],
    );
    return rows.map(toRecord);
  }
}
