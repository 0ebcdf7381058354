import { Inject, Injectable } from '@nestjs/common';
import { AuditService, type AuditEntry } from '../audit/audit.service';
import { LOGGER, type Logger } from '../common/logger';
import type { Sql } from '../database/database';
import { ClassificationRepository } from '../classification/classification.repository';
import { ClassificationService } from '../classification/classification.service';
import type { Classification } from '../classification/rule-engine';
import { type FeedOwner, MessageSink, type StoredComment } from '../polling/message-sink';
import { CalendarService } from './calendar.service';
import { type CaseRecord, lifecycleOf } from './case-record';
import { applyFollowUp, type CaseLifecycle, OPEN_CASE } from './case-state-machine';
import { CasesRepository, type NewCase, type ThreadReply } from './cases.repository';
import {
  classifyLeaderReply,
  detectSatisfactionSignal,
  findLeaderResponse,
  type LeaderReplyClass,
} from './reply-matcher';
import { computeDeadline } from './sla-clock';
import { DEFAULT_SLA_POLICIES, selectPolicy } from './sla-policy';

export const SYSTEM_ACTOR = 'system';

type Signal = NonNullable<CaseRecord['satisfactionSignal']>;

/** A case as intake holds it while it works through a batch. */
interface CaseInHand {
  id: string;
  openedAt: Date;
  lifecycle: CaseLifecycle;
  satisfactionSignal: CaseRecord['satisfactionSignal'];
  response: { ref: string; substantive: boolean } | null;
  signalChanged: boolean;
}

/**
 * The work of one batch, decided in memory and written at the end: the cases
 * it may touch (by comment id, as they stand at this point of the batch),
 * the audit entries in the order the changes happened, and the log lines.
 */
class IntakeBatch {
  readonly cases = new Map<string, CaseInHand>();
  readonly events: AuditEntry[] = [];
  readonly logLines: { fields: Record<string, unknown>; message: string }[] = [];
}

/** The comment a case was opened for and what opening it wrote. */
interface Opening {
  caseId: string;
  comment: StoredComment;
  result: Classification;
  newCase: NewCase;
}

/**
 * What happens to comments as they are stored, in the same transaction:
 * every citizen comment is classified; an actionable one opens a case whose
 * clocks start at the comment's Weibo time; a reply by the leader's own uid
 * answers the case of the comment it sits under; a later reply by the
 * citizen in their own thread is a satisfaction signal on their case.
 *
 * A batch is decided in memory, in the comments' time order, as if they came
 * one at a time, and written with a few set-based statements.
 */
@Injectable()
export class CaseIntake extends MessageSink {
  constructor(
    private readonly cases: CasesRepository,
    private readonly classification: ClassificationService,
    private readonly classifications: ClassificationRepository,
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
    const byTime = [...comments].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const citizen = byTime
      .filter((c) => !c.byLeader)
      .map((comment) => ({ comment, result: this.classification.classify(comment.text) }));
    const leaderReplies = byTime.filter((c) => c.byLeader && c.rootId !== c.id);
    await this.classifications.saveBatch(
      tx,
      citizen.map(({ comment, result }) => ({
        commentId: comment.id,
        leaderId: owner.leaderId,
        result,
      })),
    );

    const rootAuthors = await this.rootAuthors(tx, comments, citizen);
    const isSignal = (c: StoredComment) =>
      c.rootId !== c.id && rootAuthors.get(c.rootId) === c.authorUid;

    const signals = new Map<string, Signal>();
    for (const { comment } of citizen) {
      const signal = isSignal(comment) ? detectSatisfactionSignal(comment.text) : null;
      if (signal) {
        signals.set(comment.id, signal);
      }
    }
    // Cases already held that a signal or a leader reply of this batch may touch.
    const targets = new Set<string>();
    for (const { comment } of citizen) {
      if (signals.has(comment.id)) {
        targets.add(comment.rootId);
      }
    }
    for (const reply of leaderReplies) {
      replyTargets(reply).forEach((id) => targets.add(id));
    }
    const batch = new IntakeBatch();
    for (const record of await this.cases.lockByCommentIds(tx, [...targets])) {
      batch.cases.set(record.commentId, {
        id: record.id,
        openedAt: record.openedAt,
        lifecycle: lifecycleOf(record),
        satisfactionSignal: record.satisfactionSignal,
        response: null,
        signalChanged: false,
      });
    }

    const toOpen = citizen.filter(({ comment, result }) => result.actionable && !isSignal(comment));
    const { opened, threads } = await this.insertCases(tx, owner, toOpen);

    let casesOpened = 0;
    for (const { comment } of citizen) {
      if (isSignal(comment)) {
        this.recordSignal(batch, owner, comment, signals.get(comment.id) ?? null);
        continue;
      }
      const opening = opened.get(comment.id);
      if (opening) {
        this.recordOpening(batch, owner, opening, threads.get(comment.id) ?? []);
        casesOpened += 1;
      }
    }
    for (const reply of leaderReplies) {
      for (const commentId of replyTargets(reply)) {
        const target = batch.cases.get(commentId);
        if (target) {
          this.respond(batch, owner, target, reply);
        }
      }
    }
    await this.write(tx, batch);
    return { casesOpened };
  }

  /** Opens the comment's case (once) and takes any leader reply already held in its thread. */
  async open(
    tx: Sql,
    owner: FeedOwner,
    comment: StoredComment,
    result: Classification,
  ): Promise<boolean> {
    const { opened, threads } = await this.insertCases(tx, owner, [{ comment, result }]);
    const opening = opened.get(comment.id);
    if (!opening) {
      return false;
    }
    const batch = new IntakeBatch();
    this.recordOpening(batch, owner, opening, threads.get(comment.id) ?? []);
    await this.write(tx, batch);
    return true;
  }

  /** The author of each citizen reply's root comment: from the batch, else from the store. */
  private async rootAuthors(
    tx: Sql,
    comments: readonly StoredComment[],
    citizen: readonly { comment: StoredComment }[],
  ): Promise<Map<string, string>> {
    const authors = new Map(comments.map((c) => [c.id, c.authorUid]));
    const missing = new Set<string>();
    for (const { comment } of citizen) {
      if (comment.rootId !== comment.id && !authors.has(comment.rootId)) {
        missing.add(comment.rootId);
      }
    }
    for (const [id, authorUid] of await this.cases.commentAuthors(tx, [...missing])) {
      authors.set(id, authorUid);
    }
    return authors;
  }

  /**
   * Inserts the cases of these comments (those that have none yet) in one
   * statement, and reads the leader's replies in the new cases' threads in
   * one query.
   */
  private async insertCases(
    tx: Sql,
    owner: FeedOwner,
    comments: readonly { comment: StoredComment; result: Classification }[],
  ): Promise<{ opened: Map<string, Opening>; threads: Map<string, ThreadReply[]> }> {
    const calendar = this.calendar.current;
    const candidates = comments.map(({ comment, result }) => {
      const policy = selectPolicy(DEFAULT_SLA_POLICIES, result.kind, result.category);
      const newCase: NewCase = {
        leaderId: owner.leaderId,
        commentId: comment.id,
        kind: result.kind,
        category: result.category,
        openedAt: comment.createdAt,
        acknowledgeDeadline: computeDeadline(comment.createdAt, policy.acknowledge, calendar),
        resolveDeadline: computeDeadline(comment.createdAt, policy.resolve, calendar),
      };
      return { comment, result, newCase };
    });
    const ids = await this.cases.insertMany(
      tx,
      candidates.map((c) => c.newCase),
    );
    const opened = new Map<string, Opening>();
    for (const candidate of candidates) {
      const caseId = ids.get(candidate.comment.id);
      if (caseId !== undefined) {
        opened.set(candidate.comment.id, { caseId, ...candidate });
      }
    }
    const threads = await this.cases.repliesByAuthorIn(tx, [...opened.keys()], owner.weiboUid);
    return { opened, threads };
  }

  /** A case just opened: its audit entry, and the leader's first response already in its thread. */
  private recordOpening(
    batch: IntakeBatch,
    owner: FeedOwner,
    { caseId, comment, result, newCase }: Opening,
    thread: readonly ThreadReply[],
  ): void {
    const inHand: CaseInHand = {
      id: caseId,
      openedAt: newCase.openedAt,
      lifecycle: OPEN_CASE,
      satisfactionSignal: null,
      response: null,
      signalChanged: false,
    };
    batch.cases.set(comment.id, inHand);
    batch.events.push({
      actor: SYSTEM_ACTOR,
      action: 'case.opened',
      caseId,
      leaderId: owner.leaderId,
      before: null,
      after: {
        status: 'open',
        ...newCase,
        classification: {
          rulesetVersion: result.rulesetVersion,
          score: result.score,
          matches: result.matches,
        },
      },
    });
    batch.logLines.push({
      fields: {
        event: 'case.opened',
        leaderId: owner.leaderId,
        caseId,
        commentId: comment.id,
        kind: result.kind,
        category: result.category,
      },
      message: 'case opened',
    });
    const response = findLeaderResponse(thread, owner.weiboUid, comment.createdAt);
    const reply = response && thread.find((r) => r.id === response.replyId);
    if (reply) {
      this.respond(
        batch,
        owner,
        inHand,
        reply,
        response.substantive ? 'substantive' : 'acknowledgement',
      );
    }
  }

  /** A reply by the leader's account: the case's first response if it is the earliest, with the reply as evidence. */
  private respond(
    batch: IntakeBatch,
    owner: FeedOwner,
    target: CaseInHand,
    reply: { id: string; text: string; createdAt: Date },
    judged?: LeaderReplyClass,
  ): void {
    if (reply.createdAt < target.openedAt) {
      return;
    }
    const transition = applyFollowUp(target.lifecycle, {
      type: 'responded',
      at: reply.createdAt,
      by: 'leader',
    });
    if (Object.keys(transition.changes).length === 0) {
      return;
    }
    const kind = judged ?? classifyLeaderReply(reply.text);
    target.lifecycle = transition.state;
    target.response = { ref: reply.id, substantive: kind === 'substantive' };
    batch.events.push({
      actor: SYSTEM_ACTOR,
      action: 'case.responded',
      caseId: target.id,
      leaderId: owner.leaderId,
      before: transition.before,
      after: {
        ...transition.changes,
        by: 'leader',
        evidence: { weiboReplyId: reply.id },
        reply: kind,
      },
    });
    batch.logLines.push({
      fields: {
        event: 'case.responded',
        leaderId: owner.leaderId,
        caseId: target.id,
        replyId: reply.id,
        by: 'leader',
        reply: kind,
      },
      message: 'leader reply found',
    });
  }

  /** A citizen's later reply in their own thread: a satisfaction signal on their case, when it says one. */
  private recordSignal(
    batch: IntakeBatch,
    owner: FeedOwner,
    reply: StoredComment,
    signal: Signal | null,
  ): void {
    if (!signal) {
      return;
    }
    const target = batch.cases.get(reply.rootId);
    if (!target || target.satisfactionSignal === signal) {
      return;
    }
    batch.events.push({
      actor: SYSTEM_ACTOR,
      action: 'case.satisfaction_signal',
      caseId: target.id,
      leaderId: owner.leaderId,
      before: { satisfactionSignal: target.satisfactionSignal },
      after: { satisfactionSignal: signal, evidence: { weiboReplyId: reply.id } },
    });
    target.satisfactionSignal = signal;
    target.signalChanged = true;
  }

  /** Writes what the batch decided: case changes, then the audit entries in one append. */
  private async write(tx: Sql, batch: IntakeBatch): Promise<void> {
    const cases = [...batch.cases.values()];
    await this.cases.recordResponses(
      tx,
      cases.flatMap((c) =>
        c.response
          ? [
              {
                id: c.id,
                state: c.lifecycle,
                firstResponseRef: c.response.ref,
                firstResponseSubstantive: c.response.substantive,
              },
            ]
          : [],
      ),
    );
    await this.cases.setSatisfactionSignals(
      tx,
      cases.flatMap((c) =>
        c.signalChanged && c.satisfactionSignal ? [{ id: c.id, signal: c.satisfactionSignal }] : [],
      ),
    );
    await this.audit.appendMany(tx, batch.events);
    for (const line of batch.logLines) {
      this.logger.info(line.fields, line.message);
    }
  }
}

/** The comments whose cases a leader reply answers: the thread's root, and the reply it answers. */
function replyTargets(reply: StoredComment): string[] {
  const commentIds = new Set([reply.rootId]);
  if (reply.parentId) {
    commentIds.add(reply.parentId);
  }
  return [...commentIds].sort();
}
