import { Injectable } from '@nestjs/common';
import { offsetOf, type Page, type PageRequest } from '../common/pagination';
import { Database, type Sql } from '../database/database';
import { LEASE_CLEARED, RowLeases } from '../database/row-leases';

export const JOB_STATUSES = ['queued', 'running', 'done', 'failed', 'superseded'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface ReclassificationJob {
  id: string;
  rulesetVersion: string;
  status: JobStatus;
  total: number;
  processed: number;
  changed: number;
  casesUpdated: number;
  casesOpened: number;
  lastCommentId: string | null;
  error: string | null;
  createdBy: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
}

interface JobRow {
  id: string;
  ruleset_version: string;
  status: JobStatus;
  total: number;
  processed: number;
  changed: number;
  cases_updated: number;
  cases_opened: number;
  last_comment_id: string | null;
  error: string | null;
  created_by: string;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  lease_owner: string | null;
  lease_expires_at: Date | null;
}

function toJob(row: JobRow): ReclassificationJob {
  return {
    id: row.id,
    rulesetVersion: row.ruleset_version,
    status: row.status,
    total: row.total,
    processed: row.processed,
    changed: row.changed,
    casesUpdated: row.cases_updated,
    casesOpened: row.cases_opened,
    lastCommentId: row.last_comment_id,
    error: row.error,
    createdBy: row.created_by,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at,
  };
}

/**
 * The `reclassification_jobs` table: a job's status, its position in the
 * comments (keyset on the comment id) and its row lease
 * (database/row-leases.ts), which one instance at a time holds.
 */
@Injectable()
export class ReclassificationJobsRepository {
  private readonly leases = new RowLeases({ table: 'reclassification_jobs', key: 'id' });

  constructor(private readonly db: Database) {}

  /** Ends whatever job is still queued or running: a newer ruleset replaces it. */
  async supersedeUnfinished(tx: Sql, byVersion: string, at: Date): Promise<string[]> {
    const rows = await tx.query<{ id: string }>(
      `UPDATE reclassification_jobs SET status = 'superseded', error = $1, finished_at = $2,
              ${LEASE_CLEARED}
       WHERE status IN ('queued', 'running') RETURNING id`,
      [`superseded by ruleset version ${byVersion}`, at],
    );
    return rows.map((row) => row.id);
  }

  async create(
    tx: Sql,
    job: { rulesetVersion: string; total: number; createdBy: string; at: Date },
  ): Promise<ReclassificationJob> {
    const rows = await tx.query<JobRow>(
      `INSERT INTO reclassification_jobs (ruleset_version, status, total, created_by, created_at)
       VALUES ($1, 'queued', $2, $3, $4) RETURNING *`,
      [job.rulesetVersion, job.total, job.createdBy, job.at],
    );
    return toJob(rows[0]);
  }

  async find(id: string, sql: Sql = this.db): Promise<ReclassificationJob | null> {
    const rows = await sql.query<JobRow>(`SELECT * FROM reclassification_jobs WHERE id = $1`, [id]);
    return rows[0] ? toJob(rows[0]) : null;
  }

  async latestFor(version: string, sql: Sql = this.db): Promise<ReclassificationJob | null> {
    const rows = await sql.query<JobRow>(
      `SELECT * FROM reclassification_jobs WHERE ruleset_version = $1 ORDER BY created_at DESC LIMIT 1`,
      [version],
    );
    return rows[0] ? toJob(rows[0]) : null;
  }

  async list(
    filter: { status?: JobStatus },
    page: PageRequest,
  ): Promise<Page<ReclassificationJob>> {
    const status = filter.status ?? null;
    const rows = await this.db.query<JobRow>(
      `SELECT * FROM reclassification_jobs WHERE ($1::text IS NULL OR status = $1)
       ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
      [status, page.pageSize, offsetOf(page)],
    );
    const [{ total }] = await this.db.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM reclassification_jobs WHERE ($1::text IS NULL OR status = $1)`,
      [status],
    );
    return { items: rows.map(toJob), total, page: page.page, pageSize: page.pageSize };
  }

  /** Jobs that nobody holds: new ones, and ones whose holder died (its lease ran out). */
  findOrphaned(now: Date): Promise<string[]> {
    return this.leases.free(this.db, now, { sql: `status IN ('queued', 'running')` }, 'created_at');
  }

  /** Takes the job's lease if it is free, expired, or already ours; null when another instance holds it. */
  async claim(
    id: string,
    owner: string,
    now: Date,
    leaseMs: number,
  ): Promise<ReclassificationJob | null> {
    const rows = await this.leases.claimOne<JobRow>(this.db, id, {
      owner,
      at: now,
      leaseMs,
      reclaimOwn: true,
      where: { sql: `status IN ('queued', 'running')` },
      set: { sql: `status = 'running', started_at = coalesce(started_at, $1)`, params: [now] },
      returning: '*',
    });
    return rows[0] ? toJob(rows[0]) : null;
  }

  /** Locks the job row for one batch: batches, supersession and claims happen one at a time. */
  async lockForBatch(tx: Sql, id: string): Promise<ReclassificationJob | null> {
    const rows = await tx.query<JobRow>(
      `SELECT * FROM reclassification_jobs WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ? toJob(rows[0]) : null;
  }

  /** Moves the job's position after a batch and renews the holder's lease (the row is locked by the batch). */
  async advance(
    tx: Sql,
    id: string,
    progress: {
      lastCommentId: string | null;
      processed: number;
      changed: number;
      casesUpdated: number;
      casesOpened: number;
      /** Stragglers found after the keyset pass count into the total too. */
      extraTotal: number;
      owner: string;
      now: Date;
      leaseMs: number;
    },
  ): Promise<ReclassificationJob> {
    // Fenced: only the holder moves the job, and it renews its lease as it does.
    if (!(await this.leases.renew(tx, id, progress.owner, progress.now, progress.leaseMs))) {
      throw new Error(`re-classification job ${id} advanced without its lease`);
    }
    const rows = await tx.query<JobRow>(
      `UPDATE reclassification_jobs
       SET last_comment_id = coalesce($2, last_comment_id), processed = processed + $3,
           changed = changed + $4, cases_updated = cases_updated + $5, cases_opened = cases_opened + $6,
           total = greatest(total + $7, processed + $3)
       WHERE id = $1 RETURNING *`,
      [
        id,
        progress.lastCommentId,
        progress.processed,
        progress.changed,
        progress.casesUpdated,
        progress.casesOpened,
        progress.extraTotal,
      ],
    );
    return toJob(rows[0]);
  }

  async finish(tx: Sql, id: string, at: Date): Promise<ReclassificationJob> {
    const rows = await tx.query<JobRow>(
      `UPDATE reclassification_jobs SET status = 'done', finished_at = $2, total = processed,
              ${LEASE_CLEARED}
       WHERE id = $1 RETURNING *`,
      [id, at],
    );
    return toJob(rows[0]);
  }

  /** Ends the job as failed, if this owner still holds it. */
  async fail(id: string, owner: string, error: string, at: Date): Promise<void> {
    await this.leases.release(this.db, id, owner, {
      set: {
        sql: `status = 'failed', error = $1, finished_at = $2`,
        params: [error.slice(0, 2000), at],
      },
      where: { sql: `status = 'running'` },
    });
  }

  /** Lets another instance take the job at once (this one is shutting down). */
  async release(id: string, owner: string): Promise<void> {
    await this.leases.release(this.db, id, owner, {
      where: { sql: `status IN ('queued', 'running')` },
    });
  }

  /** Every job lease this owner still holds, freed (shutdown); how many. */
  releaseAll(owner: string): Promise<number> {
    return this.leases.releaseAll(this.db, owner);
  }
}
