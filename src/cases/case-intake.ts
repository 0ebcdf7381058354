import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { LOGGER, type Logger } from '../common/logger';
import type { Sql } from '../database/database';
import { ClassificationService } from '../classification/classification.service';
import type { Classification } from '../classification/rule-engine';
import { type FeedOwner, MessageSink, type StoredComment } from '../polling/message-sink';
import { CalendarService } from './calendar.service';
import { lifecycleOf } from './case-record';
import { applyFollowUp } from './case-state-machine';
import { CasesRepository } from './cases.repository';
import { classifyLeaderReply, detectSatisfactionSignal, findLeaderResponse } from './reply-matcher';
import { computeDeadline } from './sla-clock';
import { DEFAULT_SLA_POLICIES, selectPolicy } from './sla-policy';

export const SYSTEM_ACTOR = 'system';

/**
 * What happens to comments as they are stored, in the same transaction:
 * every citizen comment is classified; an actionable one opens a case whose
 * clocks start at the comment's Weibo time; a reply by the leader's own uid
 * answers the case of the comment it sits under; a later reply by the
 * citizen in their own thread is a satisfaction signal on their case.
 */
@Injectable()
export class CaseIntake extends MessageSink {
  constructor(
    private readonly cases: CasesRepository,
    private readonly classification: ClassificationService,
    private readonly calendar: CalendarService,
    private readonly audit: AuditService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  async accept(
    tx: Sql,
    owner: FeedOwner,
    comments: StoredComment[],
  ): Promise<{ casesOpened: number }> {
    if (comments.length === 0) {
      return { casesOpened: 0 };
    }
    // The chain's lock before any case row: the one lock order of every case writer.
    await this.audit.lockChain(tx);
    let casesOpened = 0;
    const byTime = [...comments].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    for (const comment of byTime.filter((c) => !c.byLeader)) {
      const result = this.classification.classify(comment.text);
      await this.classification.save(tx, comment.id, owner.leaderId, result);
      if (
        comment.rootId !== comment.id &&
        (await this.cases.commentAuthor(tx, comment.rootId)) === comment.authorUid
      ) {
        await this.recordSignal(tx, owner, comment);
        continue;
      }
      if (result.actionable && (await this.open(tx, owner, comment, result))) {
        casesOpened += 1;
      }
    }
    for (const reply of byTime.filter((c) => c.byLeader && c.rootId !== c.id)) {
      await this.applyLeaderReply(tx, owner, reply);
    }
    return { casesOpened };
  }

  /** Opens the comment's case (once) and takes any leader reply already held in its thread. */
  async open(
    tx: Sql,
    owner: FeedOwner,
    comment: StoredComment,
    result: Classification,
  ): Promise<boolean> {
    const policy = selectPolicy(DEFAULT_SLA_POLICIES, result.kind, result.category);
    const calendar = this.calendar.current;
    const opened = {
      leaderId: owner.leaderId,
      commentId: comment.id,
      kind: result.kind,
      category: result.category,
      openedAt: comment.createdAt,
      acknowledgeDeadline: computeDeadline(comment.createdAt, policy.acknowledge, calendar),
      resolveDeadline: computeDeadline(comment.createdAt, policy.resolve, calendar),
    };
    const caseId = await this.cases.insert(tx, opened);
    if (!caseId) {
      return false;
    }
    await this.audit.append(tx, {
      actor: SYSTEM_ACTOR,
      action: 'case.opened',
      caseId,
      leaderId: owner.leaderId,
      before: null,
      after: {
        status: 'open',
        ...opened,
        classification: {
          rulesetVersion: result.rulesetVersion,
          score: result.score,
          matches: result.matches,
        },
      },
    });
    this.logger.info(
      {
        event: 'case.opened',
        leaderId: owner.leaderId,
        caseId,
        commentId: comment.id,
        kind: result.kind,
        category: result.category,
      },
      'case opened',
    );
    const thread = await this.cases.threadReplies(tx, comment.id);
    const response = findLeaderResponse(thread, owner.weiboUid, comment.createdAt);
    if (response) {
      const reply = thread.find((r) => r.id === response.replyId);
      if (reply) {
        await this.respond(tx, owner, caseId, reply);
      }
    }
    return true;
  }

  /**
   * A leader reply answers the case of the thread's root comment (SPEC: any
   * reply by the leader's uid in that comment's thread, as `open` counts it
   * too) and, when it answers another citizen's reply that has a case of its
   * own (reply_comment), that case as well.
   */
  private async applyLeaderReply(tx: Sql, owner: FeedOwner, reply: StoredComment): Promise<void> {
    const commentIds = new Set([reply.rootId]);
    if (reply.parentId) {
      commentIds.add(reply.parentId);
    }
    for (const commentId of [...commentIds].sort()) {
      const target = await this.cases.lockByCommentId(tx, commentId);
      if (target) {
        await this.respond(tx, owner, target.id, reply);
      }
    }
  }

  /** A reply by the leader's account: the case's first response if it is the earliest, with the reply as evidence. */
  private async respond(
    tx: Sql,
    owner: FeedOwner,
    caseId: string,
    reply: { id: string; text: string; createdAt: Date },
  ): Promise<void> {
    const record = await this.cases.lockById(tx, caseId);
    if (!record || reply.createdAt < record.openedAt) {
      return;
    }
    const transition = applyFollowUp(lifecycleOf(record), {
      type: 'responded',
      at: reply.createdAt,
      by: 'leader',
    });
    if (Object.keys(transition.changes).length === 0) {
      return;
    }
    const kind = classifyLeaderReply(reply.text);
    await this.cases.updateLifecycle(tx, caseId, transition.state, {
      firstResponseRef: reply.id,
      firstResponseSubstantive: kind === 'substantive',
    });
    await this.audit.append(tx, {
      actor: SYSTEM_ACTOR,
      action: 'case.responded',
      caseId,
      leaderId: owner.leaderId,
      before: transition.before,
      after: {
        ...transition.changes,
        by: 'leader',
        evidence: { weiboReplyId: reply.id },
        reply: kind,
      },
    });
    this.logger.info(
      {
        event: 'case.responded',
        leaderId: owner.leaderId,
        caseId,
        replyId: reply.id,
        by: 'leader',
        reply: kind,
      },
      'leader reply found',
    );
  }

  private async recordSignal(tx: Sql, owner: FeedOwner, reply: StoredComment): Promise<void> {
    const signal = detectSatisfactionSignal(reply.text);
    if (!signal) {
      return;
    }
    const record = await this.cases.lockByCommentId(tx, reply.rootId);
    if (!record || record.satisfactionSignal === signal) {
      return;
    }
    await this.cases.setSatisfaction(tx, record.id, { signal });
    await this.audit.append(tx, {
      actor: SYSTEM_ACTOR,
      action: 'case.satisfaction_signal',
      caseId: record.id,
      leaderId: owner.leaderId,
      before: { satisfactionSignal: record.satisfactionSignal },
      after: { satisfactionSignal: signal, evidence: { weiboReplyId: reply.id } },
    });
  }
}
