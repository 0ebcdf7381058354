/**
 * The thread under a citizen's comment as the case page shows it (SPEC 8):
 * every stored reply, oldest first, the leader's own marked, and the one that
 * was the case's first response named. Masked (citizen-masking.ts), no reply
 * has a Weibo id, citizens' replies show neither name nor words, and the
 * leader's (a public account) shows its words without the names it mentions.
 */
import { hideMentions, MASKED_NAME, MASKED_TEXT } from './citizen-masking';

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
  /** null when masked. */
  weiboId: string | null;
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
        weiboId: maskCitizens ? null : reply.weiboId,
        parentId: maskCitizens ? null : reply.parentId,
        authorName: masked ? MASKED_NAME : reply.authorName,
        authorUid: masked ? null : reply.authorUid,
        byLeader: reply.byLeader,
        firstResponse: reply.byLeader && reply.weiboId === firstResponseRef,
        text: masked ? MASKED_TEXT : maskCitizens ? hideMentions(reply.text) : reply.text,
        createdAt: reply.createdAt,
        withdrawnAt: reply.withdrawnAt,
      };
    });
}
