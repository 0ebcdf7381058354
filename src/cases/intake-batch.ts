/**
 * What case intake decides for one batch, in memory and in the comments'
 * time order, as if they came one at a time: which leader replies answer
 * which case (the state machine says whether a reply changes anything),
 * which citizen replies change a case's satisfaction signal, and the audit
 * entries in the order the changes happened.
 *
 * Plain inputs and outputs; CaseIntakeService does the reading and the writing.
 */
import { type CaseRecord, lifecycleOf } from './case-record';
import { applyFollowUp, type CaseLifecycle, OPEN_CASE } from './case-state-machine';
import {
  type ClassifiedComment,
  type IntakeComment,
  type IntakeOwner,
  type IntakePlan,
  type Opening,
  replyTargets,
  type Signal,
  type ThreadReply,
} from './intake-plan';
import { classifyLeaderReply, findLeaderResponse, type LeaderReplyClass } from './reply-matcher';

export const SYSTEM_ACTOR = 'system';

/** An entry for the audit chain (AuditService.appendMany takes these). */
export interface IntakeEvent {
  actor: string;
  action: string;
  caseId: string | null;
  leaderId: string | null;
  before: unknown;
  after: unknown;
}

export interface IntakeLogLine {
  fields: Record<string, unknown>;
  message: string;
}

/** A case as intake holds it while it works through a batch. */
interface CaseInHand {
  id: string;
  openedAt: Date;
  lifecycle: CaseLifecycle;
  satisfactionSignal: CaseRecord['satisfactionSignal'];
  response: { ref: string; substantive: boolean } | null;
  signalChanged: boolean;
}

/** A held case as intake needs it: its lifecycle, when it opened, its signal. */
export type HeldCase = CaseLifecycle &
  Pick<CaseRecord, 'id' | 'commentId' | 'openedAt' | 'satisfactionSignal'>;

/** A leader response intake found: the case's new lifecycle and the first response's evidence. */
export interface ResponseWrite {
  id: string;
  state: CaseLifecycle;
  firstResponseRef: string;
  firstResponseSubstantive: boolean;
}

export interface SignalWrite {
  id: string;
  signal: Signal;
}

/**
 * The work of one batch, decided in memory and written at the end: the cases
 * it may touch (by comment id, as they stand at this point of the batch),
 * the audit entries in the order the changes happened, and the log lines.
 */
export class IntakeBatch {
  private readonly cases = new Map<string, CaseInHand>();
  readonly events: IntakeEvent[] = [];
  readonly logLines: IntakeLogLine[] = [];

  constructor(private readonly owner: IntakeOwner) {}

  /** Cases already stored (and locked) that this batch may touch. */
  hold(records: readonly HeldCase[]): void {
    for (const record of records) {
      this.cases.set(record.commentId, {
        id: record.id,
        openedAt: record.openedAt,
        lifecycle: lifecycleOf(record),
        satisfactionSignal: record.satisfactionSignal,
        response: null,
        signalChanged: false,
      });
    }
  }

  /**
   * Replays the batch in time order: each citizen comment opens its case
   * (with the leader's response already in its thread) or signals on the
   * case of its thread; then the batch's leader replies answer the cases of
   * the comments they sit under. Returns the number of cases opened.
   */
  replay(
    citizen: readonly ClassifiedComment[],
    leaderReplies: readonly IntakeComment[],
    plan: Pick<IntakePlan, 'ownThreadReplies' | 'signals'>,
    opened: ReadonlyMap<string, Opening>,
    threads: ReadonlyMap<string, readonly ThreadReply[]>,
  ): number {
    let casesOpened = 0;
    for (const { comment } of citizen) {
      if (plan.ownThreadReplies.has(comment.id)) {
        this.recordSignal(comment, plan.signals.get(comment.id) ?? null);
        continue;
      }
      const opening = opened.get(comment.id);
      if (opening) {
        this.recordOpening(opening, threads.get(comment.id) ?? []);
        casesOpened += 1;
      }
    }
    for (const reply of leaderReplies) {
      for (const commentId of replyTargets(reply)) {
        const target = this.cases.get(commentId);
        if (target) {
          this.respond(target, reply);
        }
      }
    }
    return casesOpened;
  }

  /** A case just opened: its audit entry, and the leader's first response already in its thread. */
  recordOpening(
    { caseId, comment, result, newCase }: Opening,
    thread: readonly ThreadReply[],
  ): void {
    const { owner } = this;
    const inHand: CaseInHand = {
      id: caseId,
      openedAt: newCase.openedAt,
      lifecycle: OPEN_CASE,
      satisfactionSignal: null,
      response: null,
      signalChanged: false,
    };
    this.cases.set(comment.id, inHand);
    this.events.push({
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
    this.logLines.push({
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
      this.respond(inHand, reply, response.substantive ? 'substantive' : 'acknowledgement');
    }
  }

  /** The held cases' responses found in this batch, to write. */
  responses(): ResponseWrite[] {
    return [...this.cases.values()].flatMap((c) =>
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
    );
  }

  /** The satisfaction signals this batch changed, to write. */
  signalChanges(): SignalWrite[] {
    return [...this.cases.values()].flatMap((c) =>
      c.signalChanged && c.satisfactionSignal ? [{ id: c.id, signal: c.satisfactionSignal }] : [],
    );
  }

  /** A reply by the leader's account: the case's first response if it is the earliest, with the reply as evidence. */
  private respond(
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
    this.events.push({
      actor: SYSTEM_ACTOR,
      action: 'case.responded',
      caseId: target.id,
      leaderId: this.owner.leaderId,
      before: transition.before,
      after: {
        ...transition.changes,
        by: 'leader',
        evidence: { weiboReplyId: reply.id },
        reply: kind,
      },
    });
    this.logLines.push({
      fields: {
        event: 'case.responded',
        leaderId: this.owner.leaderId,
        caseId: target.id,
        replyId: reply.id,
        by: 'leader',
        reply: kind,
      },
      message: 'leader reply found',
    });
  }

  /** A citizen's later reply in their own thread: a satisfaction signal on their case, when it says one. */
  private recordSignal(reply: IntakeComment, signal: Signal | null): void {
    if (!signal) {
      return;
    }
    const target = this.cases.get(reply.rootId);
    if (!target || target.satisfactionSignal === signal) {
      return;
    }
    this.events.push({
      actor: SYSTEM_ACTOR,
      action: 'case.satisfaction_signal',
      caseId: target.id,
      leaderId: this.owner.leaderId,
      before: { satisfactionSignal: target.satisfactionSignal },
      after: { satisfactionSignal: signal, evidence: { weiboReplyId: reply.id } },
    });
    target.satisfactionSignal = signal;
    target.signalChanged = true;
  }
}
