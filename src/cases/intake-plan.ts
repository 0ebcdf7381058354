/**
 * The plan of a batch of stored comments, before intake writes anything:
 * the comments in Weibo time order, which citizen replies sit in their own
 * thread (never a new case; a satisfaction signal when they say one), which
 * held cases the batch may touch, which comments open a case and with which
 * deadlines. IntakeBatch then replays the batch in memory.
 *
 * Plain inputs and outputs; CaseIntakeService does the reading and the writing.
 */
import type { Classification } from '../classification/rule-engine';
import type { CaseRecord } from './case-record';
import { detectSatisfactionSignal } from './reply-matcher';
import { computeDeadline } from './sla-clock';
import { DEFAULT_SLA_POLICIES, selectPolicy } from './sla-policy';
import type { WorkingCalendar } from './working-calendar';

export type Signal = NonNullable<CaseRecord['satisfactionSignal']>;

/** The leader whose feed the comments came from. */
export interface IntakeOwner {
  leaderId: string;
  weiboUid: string;
}

/** A stored comment, as much of it as intake decides on. */
export interface IntakeComment {
  id: string;
  rootId: string;
  parentId: string | null;
  authorUid: string;
  text: string;
  createdAt: Date;
  byLeader: boolean;
}

export interface ClassifiedComment {
  comment: IntakeComment;
  result: Classification;
}

/** A case to insert; one per message. */
export interface NewCase {
  leaderId: string;
  commentId: string;
  kind: string;
  category: string;
  openedAt: Date;
  acknowledgeDeadline: Date;
  resolveDeadline: Date;
}

/** A reply held in a comment's thread. */
export interface ThreadReply {
  id: string;
  parentId: string | null;
  authorUid: string;
  text: string;
  createdAt: Date;
}

/** The comment a case was opened for and what opening it wrote. */
export interface Opening extends ClassifiedComment {
  caseId: string;
  newCase: NewCase;
}

/** The batch's comments in Weibo time order, citizens' and leader replies apart. */
export function sortBatch<C extends IntakeComment>(
  comments: readonly C[],
): { citizen: C[]; leaderReplies: C[] } {
  const byTime = [...comments].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  return {
    citizen: byTime.filter((c) => !c.byLeader),
    leaderReplies: byTime.filter((c) => c.byLeader && c.rootId !== c.id),
  };
}

/** The root comments of citizen replies that are not in the batch: their authors must be read. */
export function rootsToLookUp(
  comments: readonly IntakeComment[],
  citizen: readonly IntakeComment[],
): string[] {
  const inBatch = new Set(comments.map((c) => c.id));
  const missing = new Set<string>();
  for (const comment of citizen) {
    if (comment.rootId !== comment.id && !inBatch.has(comment.rootId)) {
      missing.add(comment.rootId);
    }
  }
  return [...missing];
}

/** What a batch reads before it writes, decided from the batch and its root comments' authors. */
export interface IntakePlan {
  /** Citizen replies in their own thread: never a new case; a signal when they say one. */
  ownThreadReplies: Set<string>;
  signals: Map<string, Signal>;
  /** The comments whose held cases a signal or a leader reply may touch, to be locked. */
  casesToLock: string[];
  /** Citizen comments that open a case unless they have one. */
  toOpen: ClassifiedComment[];
}

/**
 * `rootAuthors`: the author uid of each comment in the batch and of each
 * root that `rootsToLookUp` named.
 */
export function planIntake(
  citizen: readonly ClassifiedComment[],
  leaderReplies: readonly IntakeComment[],
  rootAuthors: ReadonlyMap<string, string>,
): IntakePlan {
  const ownThreadReplies = new Set<string>();
  const signals = new Map<string, Signal>();
  const targets = new Set<string>();
  for (const { comment } of citizen) {
    if (comment.rootId === comment.id || rootAuthors.get(comment.rootId) !== comment.authorUid) {
      continue;
    }
    ownThreadReplies.add(comment.id);
    const signal = detectSatisfactionSignal(comment.text);
    if (signal) {
      signals.set(comment.id, signal);
      targets.add(comment.rootId);
    }
  }
  for (const reply of leaderReplies) {
    replyTargets(reply).forEach((id) => targets.add(id));
  }
  return {
    ownThreadReplies,
    signals,
    casesToLock: [...targets],
    toOpen: citizen.filter(
      ({ comment, result }) => result.actionable && !ownThreadReplies.has(comment.id),
    ),
  };
}

/** The case a comment would open: its SLA policy's deadlines, from the comment's Weibo time. */
export function newCaseFor(
  owner: IntakeOwner,
  { comment, result }: ClassifiedComment,
  calendar: WorkingCalendar,
): NewCase {
  const policy = selectPolicy(DEFAULT_SLA_POLICIES, result.kind, result.category);
  return {
    leaderId: owner.leaderId,
    commentId: comment.id,
    kind: result.kind,
    category: result.category,
    openedAt: comment.createdAt,
    acknowledgeDeadline: computeDeadline(comment.createdAt, policy.acknowledge, calendar),
    resolveDeadline: computeDeadline(comment.createdAt, policy.resolve, calendar),
  };
}

/** The comments whose cases a leader reply answers: the thread's root, and the reply it answers. */
export function replyTargets(reply: Pick<IntakeComment, 'rootId' | 'parentId'>): string[] {
  const commentIds = new Set([reply.rootId]);
  if (reply.parentId) {
    commentIds.add(reply.parentId);
  }
  return [...commentIds].sort();
}
