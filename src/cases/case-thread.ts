/**
 * The thread under a citizen's comment as the case page shows it (SPEC 8):
 * every stored reply, oldest first, the leader's own marked, and the one that
 * was the case's first response named. Citizens' names are masked for callers
 * that may not see them; the leader's account is public and never masked.
 */
import { MASKED_NAME } from './case-view';

export interface ThreadReply {
  weiboId: string;
  parentId: string | null;
  authorName: string;
  authorUid: string;
  byLeader: boolean;
  text: string;
  createdAt: Date;
  withdrawnAt: Date | null;
}

export interface ThreadReplyView {
  weiboId: string;
  /** The comment this one answers, when it is not the thread's root. */
  parentId: string | null;
  authorName: string;
  /** null when masked. */
  authorUid: string | null;
  byLeader: boolean;
  /** This reply is the case's first response (SPEC 4). */
  firstResponse: boolean;
  text: string;
  createdAt: Date;
  withdrawnAt: Date | null;
}

export function toThreadView(
  replies: readonly ThreadReply[],
  firstResponseRef: string | null,
  maskCitizens: boolean,
): ThreadReplyView[] {
  return [...replies]
    .sort(
      (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.weiboId.localeCompare(b.weiboId),
    )
    .map((reply) => {
      const masked = maskCitizens && !reply.byLeader;
      return {
        weiboId: reply.weiboId,
        parentId: reply.parentId,
        authorName: masked ? MASKED_NAME : reply.authorName,
        authorUid: masked ? null : reply.authorUid,
        byLeader: reply.byLeader,
        firstResponse: reply.byLeader && reply.weiboId === firstResponseRef,
        text: reply.text,
        createdAt: reply.createdAt,
        withdrawnAt: reply.withdrawnAt,
      };
    });
}
