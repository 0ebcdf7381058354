/**
 * The case lifecycle (SPEC section 4).
 *
 *   open ──responded──> responded ──resolved──> resolved
 *     │                     │
 *     ├──resolved──> resolved
 *     └──referred | not_actionable | duplicate──> closed   (also from responded)
 *
 * Follow-up types and what they do:
 * - `note`: allowed in every status, changes nothing but the record.
 * - `responded`: open → responded. On a responded case it is recorded like a
 *   note; it keeps firstResponseAt unless it happened earlier (a leader reply
 *   found late by a backfill, whose Weibo time precedes a staff response).
 *   On a resolved or closed case: refused when staff send it; when it is a
 *   leader reply observed on Weibo (`by: 'leader'`) it is a fact, not a
 *   request, so it is recorded, never refused, and only moves
 *   firstResponseAt earlier if it is.
 * - `resolved`: open | responded → resolved, outcome `resolved`.
 * - `referred` (转办), `not_actionable`, `duplicate`: open | responded →
 *   closed with that outcome.
 * - resolved and closed are final: any other change from them is refused
 *   with InvalidTransition ("cannot go from resolved to responded").
 *
 * What counts as the first response: `responded`, `resolved` and `referred`
 * (each tells the citizen something was done: an answer, a result, or the
 * unit that now handles it). `note` does not (it is internal), and neither do
 * `not_actionable` and `duplicate`: they close the case without answering the
 * citizen, so closing an unanswered case that way does not make it answered
 * (otherwise overdue cases could be cleared by marking them not actionable).
 */
import { InvalidTransition } from './case-errors';

export const CASE_STATUSES = ['open', 'responded', 'resolved', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_OUTCOMES = ['resolved', 'referred', 'not_actionable', 'duplicate'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

export const FOLLOW_UP_TYPES = [
  'note',
  'responded',
  'resolved',
  'referred',
  'not_actionable',
  'duplicate',
] as const;
export type FollowUpType = (typeof FOLLOW_UP_TYPES)[number];

/** `leader`: the leader's own Weibo account replied; `staff`: recorded through the API. */
export type Responder = 'leader' | 'staff';

export type CaseLifecycle = {
  status: CaseStatus;
  outcome: CaseOutcome | null;
  firstResponseAt: Date | null;
  firstResponseBy: Responder | null;
  /** When the outcome `resolved` was reached. */
  resolvedAt: Date | null;
  /** When the case left the backlog (resolved or closed). */
  closedAt: Date | null;
};

export type FollowUp = { type: FollowUpType; at: Date; by: Responder };

export type TransitionResult = {
  state: CaseLifecycle;
  /** New values of the fields that changed (for the audit event's `after`). */
  changes: Partial<CaseLifecycle>;
  /** Old values of the same fields (for the audit event's `before`). */
  before: Partial<CaseLifecycle>;
  statusChanged: boolean;
  countsAsResponse: boolean;
};

export const OPEN_CASE: CaseLifecycle = {
  status: 'open',
  outcome: null,
  firstResponseAt: null,
  firstResponseBy: null,
  resolvedAt: null,
  closedAt: null,
};

const COUNTS_AS_RESPONSE: Record<FollowUpType, boolean> = {
  note: false,
  responded: true,
  resolved: true,
  referred: true,
  not_actionable: false,
  duplicate: false,
};

/** The status a follow-up asks for; null when it asks for none. */
export function targetStatus(type: FollowUpType): CaseStatus | null {
  switch (type) {
    case 'note':
      return null;
    case 'responded':
      return 'responded';
    case 'resolved':
      return 'resolved';
    case 'referred':
    case 'not_actionable':
    case 'duplicate':
      return 'closed';
  }
}

export function isFinal(status: CaseStatus): boolean {
  return status === 'resolved' || status === 'closed';
}

export function countsAsResponse(type: FollowUpType): boolean {
  return COUNTS_AS_RESPONSE[type];
}

function withFirstResponse(state: CaseLifecycle, followUp: FollowUp): CaseLifecycle {
  if (!COUNTS_AS_RESPONSE[followUp.type]) {
    return state;
  }
  if (state.firstResponseAt !== null && state.firstResponseAt <= followUp.at) {
    return state;
  }
  return { ...state, firstResponseAt: followUp.at, firstResponseBy: followUp.by };
}

function nextState(current: CaseLifecycle, followUp: FollowUp): CaseLifecycle {
  const { type, at } = followUp;
  const target = targetStatus(type);
  if (target === null) {
    return current;
  }
  if (isFinal(current.status)) {
    if (type === 'responded' && followUp.by === 'leader') {
      return withFirstResponse(current, followUp);
    }
    throw new InvalidTransition(current.status, type);
  }
  switch (target) {
    case 'open':
      return current;
    case 'responded':
      return withFirstResponse({ ...current, status: 'responded' }, followUp);
    case 'resolved':
      return withFirstResponse(
        { ...current, status: 'resolved', outcome: 'resolved', resolvedAt: at, closedAt: at },
        followUp,
      );
    case 'closed':
      return withFirstResponse(
        { ...current, status: 'closed', outcome: type as CaseOutcome, closedAt: at },
        followUp,
      );
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) {
    return a.getTime() === b.getTime();
  }
  return a === b;
}

/**
 * Applies a follow-up to a case. Pure: returns the next state and the
 * changed fields; throws InvalidTransition (code INVALID_TRANSITION) when the
 * current status does not allow it.
 */
export function applyFollowUp(current: CaseLifecycle, followUp: FollowUp): TransitionResult {
  if (!(followUp.at instanceof Date) || Number.isNaN(followUp.at.getTime())) {
    throw new RangeError('followUp.at is not a valid instant');
  }
  const state = nextState(current, followUp);
  const changes: Partial<Record<keyof CaseLifecycle, unknown>> = {};
  const before: Partial<Record<keyof CaseLifecycle, unknown>> = {};
  for (const key of Object.keys(state) as (keyof CaseLifecycle)[]) {
    if (!sameValue(current[key], state[key])) {
      changes[key] = state[key];
      before[key] = current[key];
    }
  }
  return {
    state,
    changes: changes as Partial<CaseLifecycle>,
    before: before as Partial<CaseLifecycle>,
    statusChanged: current.status !== state.status,
    countsAsResponse: COUNTS_AS_RESPONSE[followUp.type],
  };
}
