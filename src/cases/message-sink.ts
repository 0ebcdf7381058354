import type { Sql } from '../database/database';

/** A comment as stored, handed on to classification and case tracking. */
export interface StoredComment {
  id: string;
  postId: string;
  leaderId: string;
  rootId: string;
  parentId: string | null;
  authorUid: string;
  authorName: string;
  text: string;
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
