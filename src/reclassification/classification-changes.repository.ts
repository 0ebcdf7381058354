import { Injectable } from '@nestjs/common';
import { offsetOf, type Page, type PageRequest } from '../common/pagination';
import { Database, type Sql } from '../database/database';

/** One comment's classification before and after a job. */
export interface ClassificationChange {
  commentId: string;
  leaderId: string;
  before: unknown;
  after: unknown;
  changedAt: Date;
}

/** The `classification_changes` table: what each re-classification job changed, comment by comment. */
@Injectable()
export class ClassificationChangesRepository {
  constructor(private readonly db: Database) {}

  async recordChanges(
    tx: Sql,
    jobId: string,
    changes: { commentId: string; before: unknown; after: unknown }[],
    at: Date,
  ): Promise<void> {
    if (changes.length === 0) {
      return;
    }
    await tx.execute(
      `INSERT INTO classification_changes (job_id, comment_id, before, after, changed_at)
       SELECT $1, x.comment_id, x.before, x.after, $3
       FROM jsonb_to_recordset($2::jsonb) AS x(comment_id text, before jsonb, after jsonb)
       ON CONFLICT (job_id, comment_id) DO UPDATE SET after = EXCLUDED.after, changed_at = EXCLUDED.changed_at`,
      [
        jobId,
        JSON.stringify(
          changes.map((c) => ({ comment_id: c.commentId, before: c.before, after: c.after })),
        ),
        at,
      ],
    );
  }

  async listChanges(jobId: string, page: PageRequest): Promise<Page<ClassificationChange>> {
    const rows = await this.db.query<{
      comment_id: string;
      leader_id: string;
      before: unknown;
      after: unknown;
      changed_at: Date;
    }>(
      `SELECT x.comment_id, m.leader_id, x.before, x.after, x.changed_at
       FROM classification_changes x JOIN comments m ON m.id = x.comment_id
       WHERE x.job_id = $1 ORDER BY x.id LIMIT $2 OFFSET $3`,
      [jobId, page.pageSize, offsetOf(page)],
    );
    const [{ total }] = await this.db.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM classification_changes WHERE job_id = $1`,
      [jobId],
    );
    return {
      items: rows.map((row) => ({
        commentId: row.comment_id,
        leaderId: row.leader_id,
        before: row.before,
        after: row.after,
        changedAt: row.changed_at,
      })),
      total,
      page: page.page,
      pageSize: page.pageSize,
    };
  }
}
