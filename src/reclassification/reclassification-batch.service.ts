import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { CaseReclassificationService } from '../cases/case-reclassification.service';
import { Clock } from '../common/clock';
import { InstanceIdentity } from '../common/instance-identity';
import type { Sql } from '../database/database';
import { classifyText } from '../classification/classifier';
import { ClassificationService } from '../classification/classification.service';
import type { Classification } from '../classification/rule-engine';
import type { Ruleset } from '../classification/ruleset';
import { ClassificationChangesRepository } from './classification-changes.repository';
import { CommentBatchReader, type CommentToReclassify } from './comment-batch.reader';
import { caseEffect, hasChanged, summarise } from './reclassification-diff';
import {
  type ReclassificationJob,
  ReclassificationJobsRepository,
} from './reclassification-jobs.repository';

export const BATCH_SIZE = 1_000;
/** A batch takes about a second; a lease this long survives slow ones, and a dead holder is replaced soon. */
export const JOB_LEASE_MS = 2 * 60_000;

export type BatchOutcome =
  | { kind: 'progressed'; job: ReclassificationJob; batch: number; batchChanged: number }
  | { kind: 'done'; job: ReclassificationJob }
  /** Superseded by a newer ruleset, or another instance took the lease. */
  | { kind: 'stopped'; job: ReclassificationJob | null };

/**
 * One batch of a re-classification job, in the caller's transaction: the
 * comments re-classified, the changes logged, the cases moved through the
 * port cases owns, and the job's position and lease moved on. Nothing here
 * writes `cases` itself.
 */
@Injectable()
export class ReclassificationBatch {
  readonly leaseMs = JOB_LEASE_MS;

  constructor(
    private readonly jobs: ReclassificationJobsRepository,
    private readonly comments: CommentBatchReader,
    private readonly changes: ClassificationChangesRepository,
    private readonly classification: ClassificationService,
    private readonly cases: CaseReclassificationService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly identity: InstanceIdentity,
  ) {}

  /**
   * One batch: the keyset pass first, then any stragglers left on another
   * version; when neither has anything left the job is done.
   */
  async run(tx: Sql, jobId: string, ruleset: Ruleset): Promise<BatchOutcome> {
    const job = await this.jobs.lockForBatch(tx, jobId);
    if (!job || job.status !== 'running' || job.leaseOwner !== this.identity.id) {
      return { kind: 'stopped', job };
    }
    await this.audit.lockChain(tx);
    const now = this.clock.now();
    let comments = await this.comments.nextComments(tx, job.lastCommentId, BATCH_SIZE);
    let extraTotal = 0;
    if (comments.length === 0) {
      comments = await this.comments.stragglers(tx, ruleset.version, BATCH_SIZE);
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
    await this.changes.recordChanges(
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
      owner: this.identity.id,
      now,
      leaseMs: this.leaseMs,
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
