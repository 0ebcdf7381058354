import { Injectable } from '@nestjs/common';
import { offsetOf, type Page, type PageRequest } from '../common/pagination';
import { Database, type Sql } from '../database/database';
import type { ClassificationSummary } from './reclassification-diff';
import { storedWeiboText, type WeiboText } from '../weibo/weibo-text';

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

/** A citizen comment as a re-classification batch needs it: text, current result, case, owner. */
export interface CommentToReclassify {
  id: string;
  postId: string;
  leaderId: string;
  leaderWeiboUid: string;
  rootId: string;
  parentId: string | null;
  authorUid: string;
  authorName: string;
  text: string;
  /** What the classifier reads: the clean text and its signals (see storedWeiboText). */
  message: WeiboText;
  createdAt: Date;
  /** A citizen's reply in their own thread: a satisfaction signal, never a case of its own. */
  inOwnThread: boolean;
  current: ClassificationSummary | null;
  caseId: string | null;
}

interface CommentRow {
  id: string;
  post_id: string;
  leader_id: string;
  weibo_uid: string;
  root_id: string;
  parent_id: string | null;
  author_uid: string;
  author_name: string;
  text: string;
  html: string;
  text_signals: unknown;
  created_at: Date;
  in_own_thread: boolean;
  c_kind: ClassificationSummary['kind'] | null;
  c_category: ClassificationSummary['category'] | null;
  c_actionable: boolean | null;
  c_score: number | null;
  c_version: string | null;
  case_id: string | null;
}

/**
 * The batch's comments are picked first (by the caller's condition, in id
 * order), then joined to their classification, case and leader by key: the
 * joins then cost the batch's size, not the tables'.
 */
function commentsWhere(condition: string, limit: string): string {
  return `WITH batch AS MATERIALIZED (
      SELECT m.* FROM comments m
      LEFT JOIN classifications cl ON cl.comment_id = m.id
      WHERE NOT m.by_leader AND ${condition} ORDER BY m.id LIMIT ${limit})
    SELECT m.id, m.post_id, m.leader_id, l.weibo_uid, m.root_id, m.parent_id, m.author_uid,
      m.author_name, m.text, m.html, m.text_signals, m.created_at,
      (m.root_id <> m.id AND r.author_uid IS NOT DISTINCT FROM m.author_uid) AS in_own_thread,
      cl.kind AS c_kind, cl.category AS c_category, cl.actionable AS c_actionable, cl.score AS c_score,
      cl.ruleset_version AS c_version, k.id AS case_id
    FROM batch m
    JOIN leaders l ON l.id = m.leader_id
    LEFT JOIN comments r ON r.id = m.root_id
    LEFT JOIN classifications cl ON cl.comment_id = m.id
    LEFT JOIN cases k ON k.comment_id = m.id
    ORDER BY m.id`;
}

function toComment(row: CommentRow): CommentToReclassify {
  return {
    id: row.id,
    postId: row.post_id,
    leaderId: row.leader_id,
    leaderWeiboUid: row.weibo_uid,
    rootId: row.root_id,
    parentId: row.parent_id,
    authorUid: row.author_uid,
    authorName: row.author_name,
    text: row.text,
    message: storedWeiboText(row.text, row.html, row.text_signals),
    createdAt: row.created_at,
    inOwnThread: row.in_own_thread,
    current:
      row.c_kind === null || row.c_category === null
        ? null
        : {
            kind: row.c_kind,
            category: row.c_category,
            actionable: row.c_actionable ?? false,
            score: row.c_score ?? 0,
            rulesetVersion: row.c_version ?? '',
          },
    caseId: row.case_id,
  };
}

const LEASE_INTERVAL = `make_interval(secs => $LEASE::float8 / 1000)`;
const leaseUntil = (param: number) => LEASE_INTERVAL.replace('$LEASE', `$${param}`);

@Injectable()
export class ReclassificationRepository {
  constructor(private readonly db: Database) {}

  /** Citizen comments (not the leader's own), the ones a ruleset sorts. */
  async countCitizenComments(tx: Sql): Promise<number> {
    const [{ n }] = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM comments WHERE NOT by_leader`,
    );
    return n;
  }

  /** Ends whatever job is still queued or running: a newer ruleset replaces it. */
  async supersedeUnfinished(tx: Sql, byVersion: string, at: Date): Promise<string[]> {
    const rows = await tx.query<{ id: string }>(
      `UPDATE reclassification_jobs SET status = 'superseded', error = $1, finished_at = $2,
              lease_owner = NULL, lease_expires_at = NULL
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
  async findOrphaned(now: Date): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `SELECT id FROM reclassification_jobs
       WHERE status IN ('queued', 'running') AND (lease_expires_at IS NULL OR lease_expires_at < $1)
       ORDER BY created_at`,
      [now],
    );
    return rows.map((row) => row.id);
  }

  /** Takes the job's lease if it is free, expired, or already ours; null when another instance holds it. */
  async claim(
    id: string,
    owner: string,
    now: Date,
    leaseMs: number,
  ): Promise<ReclassificationJob | null> {
    const rows = await this.db.query<JobRow>(
      `UPDATE reclassification_jobs
       SET status = 'running', lease_owner = $2, lease_expires_at = $3::timestamptz + ${leaseUntil(4)},
           started_at = coalesce(started_at, $3)
       WHERE id = $1 AND status IN ('queued', 'running')
         AND (lease_owner IS NULL OR lease_owner = $2 OR lease_expires_at < $3)
       RETURNING *`,
      [id, owner, now, leaseMs],
    );
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

  /** The next citizen comments after the keyset position, in id order. */
  async nextComments(
    tx: Sql,
    afterId: string | null,
    limit: number,
  ): Promise<CommentToReclassify[]> {
    const rows =
      afterId === null
        ? await tx.query<CommentRow>(commentsWhere('true', '$1'), [limit])
        : await tx.query<CommentRow>(commentsWhere('m.id > $1', '$2'), [afterId, limit]);
    return rows.map(toComment);
  }

  /**
   * Citizen comments the keyset pass left on another version: classified by
   * an instance that had not yet loaded the new ruleset, or stored behind
   * the pass's position while it ran.
   */
  async stragglers(tx: Sql, version: string, limit: number): Promise<CommentToReclassify[]> {
    const rows = await tx.query<CommentRow>(
      commentsWhere('cl.ruleset_version IS DISTINCT FROM $1', '$2'),
      [version, limit],
    );
    return rows.map(toComment);
  }

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

  async listChanges(
    jobId: string,
    page: PageRequest,
  ): Promise<
    Page<{ commentId: string; leaderId: string; before: unknown; after: unknown; changedAt: Date }>
  > {
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
    const rows = await tx.query<JobRow>(
      `UPDATE reclassification_jobs
       SET last_comment_id = coalesce($2, last_comment_id), processed = processed + $3,
           changed = changed + $4, cases_updated = cases_updated + $5, cases_opened = cases_opened + $6,
           total = greatest(total + $7, processed + $3),
           lease_owner = $8, lease_expires_at = $9::timestamptz + ${leaseUntil(10)}
       WHERE id = $1 RETURNING *`,
      [
        id,
        progress.lastCommentId,
        progress.processed,
        progress.changed,
        progress.casesUpdated,
        progress.casesOpened,
        progress.extraTotal,
        progress.owner,
        progress.now,
        progress.leaseMs,
      ],
    );
    return toJob(rows[0]);
  }

  async finish(tx: Sql, id: string, at: Date): Promise<ReclassificationJob> {
    const rows = await tx.query<JobRow>(
      `UPDATE reclassification_jobs SET status = 'done', finished_at = $2, total = processed,
              lease_owner = NULL, lease_expires_at = NULL
       WHERE id = $1 RETURNING *`,
      [id, at],
    );
    return toJob(rows[0]);
  }

  async fail(id: string, owner: string, error: string, at: Date): Promise<void> {
    await this.db.execute(
      `UPDATE reclassification_jobs SET status = 'failed', error = $3, finished_at = $4,
              lease_owner = NULL, lease_expires_at = NULL
       WHERE id = $1 AND lease_owner = $2 AND status = 'running'`,
      [id, owner, error.slice(0, 2000), at],
    );
  }

  /** Lets another instance take the job at once (this one is shutting down). */
  async release(id: string, owner: string): Promise<void> {
    await this.db.execute(
      `UPDATE reclassification_jobs SET lease_owner = NULL, lease_expires_at = NULL
       WHERE id = $1 AND lease_owner = $2 AND status IN ('queued', 'running')`,
      [id, owner],
    );
  }
}
