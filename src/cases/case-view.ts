/**
 * How a case is shown through the API (SPEC section 6): the lifecycle, the
 * clocks, what the first response was, and the citizen's message, masked
 * (citizen-masking.ts) for callers that may not see who wrote it.
 */
import { hideMentions, MASKED_NAME, MASKED_TEXT } from './citizen-masking';
import type { CaseRecord, FollowUpRecord, SurveyRecord } from './case-record';
import type { CaseOutcome, CaseStatus, Responder } from './case-state-machine';
import { timeLeft, type TimeLeft } from './time-left';
import type { WorkingCalendar } from './working-calendar';

export { MASKED_NAME } from './citizen-masking';

export type FirstResponseEvidence =
  /** weiboReplyId: null when masked (the reply's id leads to the citizen's comment). */
  | { weiboReplyId: string | null; acknowledgement: boolean; withdrawnAt: Date | null }
  | { followUpId: string; acknowledgement: boolean };

export interface CaseView {
  id: string;
  leaderId: string;
  status: CaseStatus;
  outcome: CaseOutcome | null;
  kind: string;
  category: string;
  openedAt: Date;
  acknowledgeDeadline: Date;
  resolveDeadline: Date;
  firstResponseAt: Date | null;
  firstResponseBy: Responder | null;
  /** The Weibo reply or the follow-up that was the first response; acknowledgement: only boilerplate. */
  firstResponseEvidence: FirstResponseEvidence | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  /** No response yet and the acknowledge deadline has passed (the metric's definition). */
  overdue: boolean;
  /** Still in the backlog and the resolve deadline has passed. */
  resolveOverdue: boolean;
  /** The clock that matters now, in its own time (working or wall clock); null once resolved or closed. */
  timeLeft: TimeLeft | null;
  referredTo: string | null;
  duplicateOf: string | null;
  /** The near-duplicate cluster this case is in (its first case's id), null when alone. */
  clusterId: string | null;
  satisfaction: {
    level: string | null;
    score: number | null;
    at: Date | null;
    /** From the citizen's own later reply in the thread. */
    signal: 'thanks' | 'complaint_again' | null;
  };
  /** Masked for evaluators: ids null, text and name `***` (citizen-masking.ts). */
  message: {
    weiboId: string | null;
    postId: string | null;
    text: string;
    authorName: string;
    /** null when masked. */
    authorUid: string | null;
    createdAt: Date;
    /** Withdrawn from Weibo by its author: the first complete re-read that missed it (SPEC 9). */
    withdrawnAt: Date | null;
  };
}

function evidenceOf(record: CaseRecord, mask: boolean): FirstResponseEvidence | null {
  if (record.firstResponseRef === null || record.firstResponseBy === null) {
    return null;
  }
  const acknowledgement = record.firstResponseSubstantive === false;
  return record.firstResponseBy === 'leader'
    ? {
        weiboReplyId: mask ? null : record.firstResponseRef,
        acknowledgement,
        withdrawnAt: record.firstResponseWithdrawnAt,
      }
    : { followUpId: record.firstResponseRef, acknowledgement };
}

export function isOverdue(record: CaseRecord, now: Date): boolean {
  return record.firstResponseAt === null && record.acknowledgeDeadline < now;
}

export function toCaseView(
  record: CaseRecord,
  now: Date,
  maskCitizens: boolean,
  calendar: WorkingCalendar,
): CaseView {
  return {
    id: record.id,
    leaderId: record.leaderId,
    status: record.status,
    outcome: record.outcome,
    kind: record.kind,
    category: record.category,
    openedAt: record.openedAt,
    acknowledgeDeadline: record.acknowledgeDeadline,
    resolveDeadline: record.resolveDeadline,
    firstResponseAt: record.firstResponseAt,
    firstResponseBy: record.firstResponseBy,
    firstResponseEvidence: evidenceOf(record, maskCitizens),
    resolvedAt: record.resolvedAt,
    closedAt: record.closedAt,
    overdue: isOverdue(record, now),
    resolveOverdue: record.closedAt === null && record.resolveDeadline < now,
    timeLeft: timeLeft(record, now, calendar),
    referredTo: record.referredTo,
    duplicateOf: record.duplicateOf,
    clusterId: record.clusterId,
    satisfaction: {
      level: record.satisfactionLevel,
      score: record.satisfactionScore,
      at: record.satisfactionAt,
      signal: record.satisfactionSignal,
    },
    message: {
      weiboId: maskCitizens ? null : record.message.weiboId,
      postId: maskCitizens ? null : record.message.postId,
      text: maskCitizens ? MASKED_TEXT : record.message.text,
      authorName: maskCitizens ? MASKED_NAME : record.message.authorName,
      authorUid: maskCitizens ? null : record.message.authorUid,
      createdAt: record.message.createdAt,
      withdrawnAt: record.message.withdrawnAt,
    },
  };
}

export interface FollowUpView {
  id: string;
  caseId: string;
  type: FollowUpRecord['type'];
  text: string;
  evidenceUrl: string | null;
  referredTo: string | null;
  duplicateOf: string | null;
  actor: string;
  recordedAt: Date;
}

/**
 * The stored follow-up without its idempotency bookkeeping; masked, without
 * its evidence link (often the citizen's comment on Weibo) or the names it mentions.
 */
export function toFollowUpView(followUp: FollowUpRecord, maskCitizens = false): FollowUpView {
  return {
    id: followUp.id,
    caseId: followUp.caseId,
    type: followUp.type,
    text: maskCitizens ? hideMentions(followUp.text) : followUp.text,
    evidenceUrl: maskCitizens ? null : followUp.evidenceUrl,
    referredTo: followUp.referredTo,
    duplicateOf: followUp.duplicateOf,
    actor: followUp.actor,
    recordedAt: followUp.recordedAt,
  };
}

export type SurveyView = SurveyRecord;
