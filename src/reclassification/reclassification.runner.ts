import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { CaseReclassificationService } from '../cases/case-reclassification.service';
import { Clock } from '../common/clock';
import { LOGGER, type Logger } from '../common/logger';
import { Database, type Sql } from '../database/database';
import { classifyText } from '../classification/classifier';
import { ClassificationRepository } from '../classification/classification.repository';
import { ClassificationService } from '../classification/classification.service';
import { caseEffect, hasChanged, summarise } from './reclassification-diff';
import {
  type CommentToReclassify,
  type ReclassificationJob,
  ReclassificationRepository,
} from './reclassification.repository';
import type { Classification } from '../classification/rule-engine';
import { type Ruleset, validateRuleset } from '../classification/ruleset';

export const BATCH_SIZE = 1_000;
/** A batch takes about a second; a lease this long survives slow ones, and a dead holder is replaced soon. */
export const JOB_LEASE_MS = 2 * 60_000;
/** How often an instance looks for jobs nobody holds (a dead instance's). */
const RESCUE_EVERY_MS = 30_000;
/** PostgreSQL's deadlock_detected: a batch meets intake on a case and the audit head. */
const DEADLOCK = '40P01';
const MAX_ATTEMPTS = 5;

type BatchOutcome =
  | { kind: 'progressed'; job: ReclassificationJob; batch: number; batchChanged: number }
  | { kind: 'done'; job: ReclassificationJob }
  /** Superseded by a newer ruleset, or another instance took the lease. */
  | { kind: 'stopped'; job: ReclassificationJob | null };

function isDeadlock(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === DEADLOCK;
}

/**
 * Runs re-classification jobs in the background, in batches of comments in
 * id order, each batch one transaction that also moves the job's position
 * (`last_comment_id`): a crash loses at most the batch in flight, and the
 * job resumes after it. One instance holds a job at a time, by a lease on
 * the job's row that each batch renews; an instance resumes jobs whose
 * holder's lease ran out, at boot and then every half minute.
 */
@Injectable()
export class ReclassificationRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly instanceId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly running = new Map<string, Promise<void>>();
  private rescueTimer: NodeJS.Timeout | null = null;
  private stopping = false;

  constructor(
    private readonly db: Database,
    private readonly jobs: ReclassificationRepository,
    private readonly classifications: ClassificationRepository,
    private readonly classification: ClassificationService,
    private readonly cases: CaseReclassificationService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.rescueTimer = setInterval(() => void this.resumeOrphaned(), RESCUE_EVERY_MS);
    this.rescueTimer.unref();
    void this.resumeOrphaned();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.rescueTimer) {
      clearInterval(this.rescueTimer);
      this.rescueTimer = null;
    }
    await Promise.allSettled([...this.running.values()]);
  }

  /** Starts the job in the background unless this instance already runs it. */
  start(jobId: string): void {
    if (this.stopping || this.running.has(jobId)) {
      return;
    }
    const run = this.run(jobId).finally(() => this.running.delete(jobId));
    this.running.set(jobId, run);
  }

  /** Settles when this instance has no job in hand (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) {
      await Promise.allSettled([...this.running.values()]);
    }
  }

  async resumeOrphaned(): Promise<void> {
    if (this.stopping) {
      return;
    }
    try {
      for (const jobId of await this.jobs.findOrphaned(this.clock.now())) {
        this.start(jobId);
      }
    } catch (error) {
      this.logger.error(
        { event: 'reclassification.rescue_failed', err: error },
        'could not look for orphaned re-classification jobs',
      );
    }
  }

  private async run(jobId: string): Promise<void> {
    const claimed = await this.jobs
      .claim(jobId, this.instanceId, this.clock.now(), JOB_LEASE_MS)
      .catch((error: unknown) => {
        this.logger.error(
          { event: 'reclassification.claim_failed', jobId, err: error },
          'claim failed',
        );
        return null;
      });
    if (!claimed) {
      return;
    }
    const started = Date.now();
    this.logger.info(
      {
        event: 'reclassification.started',
        jobId,
        rulesetVersion: claimed.rulesetVersion,
        processed: claimed.processed,
        total: claimed.total,
        resumedAfter: claimed.lastCommentId,
        instance: this.instanceId,
      },
      're-classification started',
    );
    try {
      const ruleset = await this.loadRuleset(claimed.rulesetVersion);
      for (;;) {
        if (this.stopping) {
          await this.jobs.release(jobId, this.instanceId);
          this.logger.info(
            { event: 'reclassification.released', jobId },
            'job released at shutdown',
          );
          return;
        }
        const batchStarted = Date.now();
        const outcome = await this.withDeadlockRetry(() =>
          this.db.transaction((tx) => this.runBatch(tx, jobId, ruleset)),
        );
        switch (outcome.kind) {
          case 'progressed':
            this.logger.info(
              {
                event: 'reclassification.progress',
                jobId,
                rulesetVersion: outcome.job.rulesetVersion,
                processed: outcome.job.processed,
                total: outcome.job.total,
                changed: outcome.job.changed,
                batch: outcome.batch,
                batchChanged: outcome.batchChanged,
                casesUpdated: outcome.job.casesUpdated,
                casesOpened: outcome.job.casesOpened,
                ms: Date.now() - batchStarted,
              },
              're-classification progress',
            );
            break;
          case 'done':
            this.logger.info(
              {
                event: 'reclassification.done',
                jobId,
                rulesetVersion: outcome.job.rulesetVersion,
                processed: outcome.job.processed,
                total: outcome.job.total,
                changed: outcome.job.changed,
                casesUpdated: outcome.job.casesUpdated,
                casesOpened: outcome.job.casesOpened,
                ms: Date.now() - started,
              },
              're-classification done',
            );
            return;
          case 'stopped':
            this.logger.info(
              {
                event: 'reclassification.stopped',
                jobId,
                status: outcome.job?.status ?? null,
                reason: outcome.job?.error ?? 'lease lost',
              },
              're-classification stopped',
            );
            return;
        }
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(
        { event: 'reclassification.failed', jobId, err: error },
        're-classification failed',
      );
      await this.jobs
        .fail(jobId, this.instanceId, message, this.clock.now())
        .catch((failError: unknown) =>
          this.logger.error(
            { event: 'reclassification.fail_record_failed', jobId, err: failError },
            'could not record the failure',
          ),
        );
    }
  }

  private async loadRuleset(version: string): Promise<Ruleset> {
    const stored = await this.classifications.findRuleset(version);
    if (!stored) {
      throw new Error(`ruleset version ${version} is not stored`);
    }
    return validateRuleset(stored.body);
  }

  private async withDeadlockRetry<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await work();
      } catch (error) {
        if (!isDeadlock(error) || attempt >= MAX_ATTEMPTS) {
          throw error;
        }
        this.logger.warn({ event: 'reclassification.deadlock', attempt }, 'batch retried');
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  }

  /**
   * One batch: the keyset pass first, then any stragglers left on another
   * version; when neither has anything left the job is done.
   */
  private async runBatch(tx: Sql, jobId: string, ruleset: Ruleset): Promise<BatchOutcome> {
    const job = await this.jobs.lockForBatch(tx, jobId);
    if (!job || job.status !== 'running' || job.leaseOwner !== this.instanceId) {
      return { kind: 'stopped', job };
    }
    await this.audit.lockChain(tx);
    const now = this.clock.now();
    let comments = await this.jobs.nextComments(tx, job.lastCommentId, BATCH_SIZE);
    let extraTotal = 0;
    if (comments.length === 0) {
      comments = await this.jobs.stragglers(tx, ruleset.version, BATCH_SIZE);
      extraTotal = comments.length;
    }
    if (comments.length === 0) {
      return { kind: 'done', job: await this.jobs.finish(tx, jobId, now) };
    }

    const results = comments.map((comment) => ({
      comment,
      result: classifyText(comment.message, ruleset),
    }));
    await this.classification.record(
      tx,
      results.map(({ comment, result }) => ({
        commentId: comment.id,
        leaderId: comment.leaderId,
        result,
      })),
      now,
    );
    const changed = results.filter(({ comment, result }) => hasChanged(comment.current, result));
    await this.jobs.recordChanges(
      tx,
      jobId,
      changed.map(({ comment, result }) => ({
        commentId: comment.id,
        before: comment.current,
        after: summarise(result),
      })),
      now,
    );

    let casesUpdated = 0;
    let casesOpened = 0;
    // Cases in id order, so two writers meeting on the same cases lock them alike.
    const byCase = [...changed].sort((a, b) =>
      (a.comment.caseId ?? '').localeCompare(b.comment.caseId ?? ''),
    );
    for (const { comment, result } of byCase) {
      const outcome = await this.applyToCase(tx, job, comment, result);
      casesUpdated += outcome === 'updated' ? 1 : 0;
      casesOpened += outcome === 'opened' ? 1 : 0;
    }

    const progressed = await this.jobs.advance(tx, jobId, {
      lastCommentId: extraTotal > 0 ? null : comments[comments.length - 1].id,
      processed: comments.length,
      changed: changed.length,
      casesUpdated,
      casesOpened,
      extraTotal,
      owner: this.instanceId,
      now,
      leaseMs: JOB_LEASE_MS,
    });
    return {
      kind: 'progressed',
      job: progressed,
      batch: comments.length,
      batchChanged: changed.length,
    };
  }

  /** The case follows its message, through the port cases owns. */
  private async applyToCase(
    tx: Sql,
    job: ReclassificationJob,
    comment: CommentToReclassify,
    result: Classification,
  ): Promise<'updated' | 'opened' | 'none'> {
    const topic = comment.caseId ? await this.cases.lockTopic(tx, comment.caseId) : null;
    const effect = caseEffect(comment, topic, comment.current, result);
    switch (effect.type) {
      case 'none':
        return 'none';
      case 'update': {
        if (!comment.caseId || !topic) {
          return 'none';
        }
        await this.cases.retopic(tx, {
          caseId: comment.caseId,
          before: topic,
          after: { kind: effect.kind, category: effect.category },
          result,
          jobId: job.id,
        });
        return 'updated';
      }
      case 'open': {
        const opened = await this.cases.open(
          tx,
          { leaderId: comment.leaderId, weiboUid: comment.leaderWeiboUid },
          {
            id: comment.id,
            postId: comment.postId,
            leaderId: comment.leaderId,
            rootId: comment.rootId,
            parentId: comment.parentId,
            authorUid: comment.authorUid,
            authorName: comment.authorName,
            text: comment.message.text,
            signals: comment.message.signals,
            createdAt: comment.createdAt,
            byLeader: false,
          },
          result,
        );
        return opened ? 'opened' : 'none';
      }
    }
  }
}
