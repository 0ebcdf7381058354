/** Typed shapes of what minsheng reads from m.weibo.cn. Ids are always strings. */
import type { WeiboTextSignals } from './text-signals';

export interface WeiboPost {
  id: string;
  mid: string;
  bid: string | null;
  authorUid: string;
  authorName: string;
  /** Clean plain text (see readWeiboText). */
  text: string;
  /** Links, emoji, mentions and topics of `text`, with their places in it. */
  signals: WeiboTextSignals;
  html: string;
  createdAt: Date;
  /** The text is truncated; the full text comes from statuses/extend. */
  isLongText: boolean;
  /** mblogtype 2: leads the timeline whatever its age. */
  pinned: boolean;
  commentsCount: number;
  repostsCount: number;
  attitudesCount: number;
  /** The mblog as parsed, every string made storable (see storable-text.ts). */
  raw: unknown;
  /** The original mblog as JSON text when making it storable changed it; else null. */
  rawSource: string | null;
}

export interface WeiboComment {
  id: string;
  /** Id of the thread root; equals `id` for a top-level comment. */
  rootId: string;
  postId: string;
  /** `reply_comment` id when this reply answers another reply. */
  parentId: string | null;
  authorUid: string;
  authorName: string;
  /** Clean plain text (see readWeiboText). */
  text: string;
  /** Links, emoji, mentions and topics of `text`, with their places in it. */
  signals: WeiboTextSignals;
  html: string;
  createdAt: Date;
  /** e.g. `来自广东`. */
  source: string | null;
  likeCount: number;
  /** `total_number`: all replies in the thread, not only the inline ones. */
  replyCount: number;
  /** Replies Weibo sent inline with a hotflow comment: a sample, not the whole thread. */
  inlineReplies: WeiboComment[];
  /** The record as parsed, every string made storable (see storable-text.ts). */
  raw: unknown;
  /** The original record as JSON text when making it storable changed it; else null. */
  rawSource: string | null;
}

/** An item of a page that could not be read; the rest of the page still is. */
export interface SkippedItem {
  kind: 'post' | 'comment' | 'reply';
  reason: string;
  raw: unknown;
}

export interface TimelinePage {
  posts: WeiboPost[];
  sinceId: string | null;
  total: number | null;
  skipped: SkippedItem[];
}

export interface CommentsPage {
  comments: WeiboComment[];
  /** Cursor for the next page; '0' on the last page. */
  maxId: string;
  totalNumber: number;
  skipped: SkippedItem[];
}

export interface RepliesPage {
  replies: WeiboComment[];
  /** Cursor for the next page; '0' on the last page. */
  maxId: string;
  skipped: SkippedItem[];
}
