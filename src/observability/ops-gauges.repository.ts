import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';

export interface DueFeeds {
  due: number;
  /** The earliest `next_poll_at` among due feeds, or null when none is due. */
  oldestDueAt: Date | null;
}

export interface ReclassificationProgress {
  /** The newest job, or null when none ever ran. */
  status: string | null;
  total: number;
  processed: number;
  changed: number;
}

/** The figures a scrape reads from the database: polling backlog, re-classification progress. */
@Injectable()
export class OpsGaugesRepository {
  constructor(private readonly db: Database) {}

  async dueFeeds(now: Date): Promise<DueFeeds> {
    const [row] = await this.db.query<{ due: number; oldest: Date | null }>(
      `SELECT count(*)::int AS due, min(next_poll_at) AS oldest
         FROM feeds WHERE status <> 'inactive' AND next_poll_at <= $1`,
      [now],
    );
    return { due: row.due, oldestDueAt: row.oldest === null ? null : new Date(row.oldest) };
  }

  async reclassification(): Promise<ReclassificationProgress> {
    const [row] = await this.db.query<{
      status: string;
      total: number;
      processed: number;
      changed: number;
    }>(
      `SELECT status, total, processed, changed FROM reclassification_jobs
        ORDER BY created_at DESC LIMIT 1`,
    );
    return row
      ? { status: row.status, total: row.total, processed: row.processed, changed: row.changed }
      : { status: null, total: 0, processed: 0, changed: 0 };
  }
}
