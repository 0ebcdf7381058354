import type { Category, Kind } from './case-types';
import type {
  CaseLifecycle,
  CaseOutcome,
  CaseStatus,
  FollowUpType,
  Responder,
} from './case-state-machine';
import type { SatisfactionLevel } from './satisfaction';

/** A case as stored, with the citizen's message it was opened for. */
export interface CaseRecord extends CaseLifecycle {
  id: string;
  leaderId: string;
  commentId: string;
  status: CaseStatus;
  outcome: CaseOutcome | null;
  kind: Kind;
  category: Category;
  openedAt: Date;
  acknowledgeDeadline: Date;
  resolveDeadline: Date;
  firstResponseBy: Responder | null;
  firstResponseRef: string | null;
  firstResponseSubstantive: boolean | null;
  referredTo: string | null;
  duplicateOf: string | null;
  satisfactionLevel: string | null;
  satisfactionScore: number | null;
  satisfactionAt: Date | null;
  satisfactionSignal: 'thanks' | 'complaint_again' | null;
  /** The leader reply that was the first response, withdrawn from Weibo since (SPEC 9). */
  firstResponseWithdrawnAt: Date | null;
  /** The near-duplicate cluster (its first case's id; SPEC 9), null when alone. */
  clusterId: string | null;
  message: {
    weiboId: string;
    postId: string;
    text: string;
    authorName: string;
    authorUid: string;
    createdAt: Date;
    /** The citizen withdrew the comment from Weibo (SPEC 9); it stays in the record. */
    withdrawnAt: Date | null;
  };
}

/** The lifecycle part, as the state machine sees it. */
export function lifecycleOf(record: CaseLifecycle): CaseLifecycle {
  return {
    status: record.status,
    outcome: record.outcome,
    firstResponseAt: record.firstResponseAt,
    firstResponseBy: record.firstResponseBy,
    resolvedAt: record.resolvedAt,
    closedAt: record.closedAt,
  };
}

/** A follow-up as stored: what staff recorded, by whom, at the server's time. */
export interface FollowUpRecord {
  id: string;
  caseId: string;
  type: FollowUpType;
  text: string;
  evidenceUrl: string | null;
  referredTo: string | null;
  duplicateOf: string | null;
  actor: string;
  recordedAt: Date;
  idempotencyKey: string | null;
  requestHash: string | null;
}

export type NewFollowUp = Omit<FollowUpRecord, 'id'>;

export const SURVEY_CHANNELS = ['callback', 'sms', 'weibo'] as const;
export type SurveyChannel = (typeof SURVEY_CHANNELS)[number];

/** One 110 call-back, SMS or Weibo survey answer recorded by staff. */
export interface SurveyRecord {
  id: string;
  caseId: string;
  level: SatisfactionLevel['level'];
  score: SatisfactionLevel['score'];
  channel: SurveyChannel;
  actor: string;
  recordedAt: Date;
}
