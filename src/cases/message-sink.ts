import type { Sql } from '../database/database';
import type { WeiboTextSignals } from '../weibo/text-signals';

/** A comment as stored, handed on to classification and case tracking. */
export interface StoredComment {
  id: string;
  postId: string;
  leaderId: string;
  rootId: string;
  parentId: string | null;
  authorUid: string;
  authorName: string;
  /** The clean text and its signals, as ingestion stored them (see readWeiboText). */
  text: string;
  signals: WeiboTextSignals;
  createdAt: Date;
  byLeader: boolean;
}

export interface FeedOwner {
  leaderId: string;
  weiboUid: string;
}

/**
 * What happens to newly stored comments, inside the transaction that stores
 * them: classification, case opening, reply matching. Returns the number of
 * cases opened.
 */
export abstract class MessageSink {
  abstract accept(
    tx: Sql,
    owner: FeedOwner,
    comments: StoredComment[],
  ): Promise<{ casesOpened: number }>;
}
