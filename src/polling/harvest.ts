import { isWeiboError, type WeiboError, WeiboEmpty } from '../weibo/weibo-errors';
import { withLongText } from '../weibo/weibo-parser';
import type {
  CommentsPage,
  RepliesPage,
  TimelinePage,
  WeiboComment,
  WeiboPost,
} from '../weibo/weibo-types';

/** The part of the Weibo client a harvest needs. */
export interface WeiboSource {
  getTimelinePage(uid: string, page: number): Promise<TimelinePage>;
  getCommentsPage(mid: string, maxId?: string): Promise<CommentsPage>;
  getRepliesPage(rootCommentId: string, maxId?: string, postId?: string): Promise<RepliesPage>;
  getLongText(id: string): Promise<string>;
}

export interface HarvestLimits {
  /** Timeline pages read at most per poll. */
  maxTimelinePages: number;
  /** Comment pages read at most per post. */
  maxCommentPages: number;
  /** Reply pages read at most per thread. */
  maxReplyPages: number;
}

export const DEFAULT_HARVEST_LIMITS: HarvestLimits = {
  maxTimelinePages: 20,
  maxCommentPages: 100,
  maxReplyPages: 50,
};

/** One post and everything read under it: the unit that is stored in one transaction. */
export interface PostHarvest {
  post: WeiboPost;
  /** Top-level comments and every reply read, each once. */
  comments: WeiboComment[];
  /** False when a page bound or a failure stopped the reading before Weibo's last page. */
  complete: boolean;
  /**
   * Weibo failed part-way through this post. What was read before the
   * failure is still worth storing (a post whose 50th page always fails
   * would otherwise never be stored at all); the poll then fails with it.
   */
  failure?: WeiboError;
  /** Set for an old pinned post: only threads started at or after this were kept. */
  threadsSince?: Date;
}

/**
 * Reads a leader's posts created at or after `since`, and the pinned post
 * whatever its date, with all their comments and reply threads. Of an old
 * pinned post only the threads started at or after `since` are kept: what
 * citizens wrote there before the window is as old as any post outside it.
 * Comments arrive in popularity order and the pinned post leads the
 * timeline, so nothing stops at "an id already known": the reading is
 * bounded by dates and page limits only, and storing is idempotent.
 *
 * A post read only in part because Weibo failed is yielded first (with its
 * `failure`), and the generator then throws that failure.
 */
export async function* harvestPosts(
  source: WeiboSource,
  uid: string,
  since: Date,
  limits: HarvestLimits = DEFAULT_HARVEST_LIMITS,
): AsyncGenerator<PostHarvest> {
  const seenPosts = new Set<string>();
  for (let page = 1; page <= limits.maxTimelinePages; page++) {
    // Past the last page Weibo answers `ok:0`; on the first page that means no such account.
    const timeline =
      page === 1
        ? await source.getTimelinePage(uid, page)
        : await orNull(() => source.getTimelinePage(uid, page));
    if (!timeline) {
      return;
    }
    const fresh = timeline.posts.filter((post) => !seenPosts.has(post.id));
    if (fresh.length === 0) {
      return;
    }
    let reachedOlder = false;
    for (const post of fresh) {
      seenPosts.add(post.id);
      if (post.createdAt < since && !post.pinned) {
        // Only an old unpinned post means the rest of the timeline is older
        // still. The pinned post leads the page whatever its age, and it is
        // read whatever its age too: sitting on top of the profile, it is
        // where citizens keep writing.
        reachedOlder = true;
        continue;
      }
      const read = await harvestPost(source, post, limits);
      const harvest = post.createdAt < since ? keepThreadsSince(read, since) : read;
      yield harvest;
      if (harvest.failure) {
        throw harvest.failure;
      }
    }
    if (reachedOlder) {
      return;
    }
  }
}

function keepThreadsSince(harvest: PostHarvest, since: Date): PostHarvest {
  const roots = new Set(
    harvest.comments.filter((c) => c.rootId === c.id && c.createdAt >= since).map((c) => c.id),
  );
  return {
    ...harvest,
    comments: harvest.comments.filter((c) => roots.has(c.rootId)),
    threadsSince: since,
  };
}

export async function harvestPost(
  source: WeiboSource,
  post: WeiboPost,
  limits: HarvestLimits = DEFAULT_HARVEST_LIMITS,
): Promise<PostHarvest> {
  const byId = new Map<string, WeiboComment>();
  let fullPost = post;
  let complete = true;
  try {
    if (post.isLongText) {
      // `ok:0` (no long text after all): keep the truncated text.
      const longHtml = await orNull(() => source.getLongText(post.id));
      fullPost = longHtml === null ? post : withLongText(post, longHtml);
    }
    let maxId: string | undefined;
    const cursors = new Set<string>();
    for (let page = 0; ; page++) {
      if (page >= limits.maxCommentPages) {
        complete = false;
        break;
      }
      // A post without comments is answered `ok:0`.
      const comments = await orNull(() => source.getCommentsPage(post.mid || post.id, maxId));
      if (!comments) {
        break;
      }
      for (const comment of comments.comments) {
        if (byId.has(comment.id)) {
          // Seen on an earlier page (the popularity order moved): its thread is read already.
          continue;
        }
        byId.set(comment.id, comment);
        const thread = await harvestThread(source, comment, post.id, limits, byId);
        complete &&= thread.complete;
      }
      if (comments.maxId === '0' || comments.comments.length === 0 || cursors.has(comments.maxId)) {
        break;
      }
      cursors.add(comments.maxId);
      maxId = comments.maxId;
    }
  } catch (error) {
    if (!isWeiboError(error)) {
      throw error;
    }
    return { post: fullPost, comments: [...byId.values()], complete: false, failure: error };
  }
  return { post: fullPost, comments: [...byId.values()], complete };
}

/**
 * The inline replies are a sample; hotFlowChild has the whole thread when
 * there are more. Replies go into `into` as they are read, so that a failure
 * on a later page keeps the earlier ones.
 */
async function harvestThread(
  source: WeiboSource,
  root: WeiboComment,
  postId: string,
  limits: HarvestLimits,
  into: Map<string, WeiboComment>,
): Promise<{ complete: boolean }> {
  const add = (reply: WeiboComment): void => {
    if (!into.has(reply.id)) {
      into.set(reply.id, reply);
    }
  };
  root.inlineReplies.forEach(add);
  if (root.replyCount <= root.inlineReplies.length) {
    return { complete: true };
  }
  let maxId = '0';
  const cursors = new Set<string>();
  for (let page = 0; page < limits.maxReplyPages; page++) {
    const result = await orNull(() => source.getRepliesPage(root.id, maxId, postId));
    if (!result) {
      return { complete: true };
    }
    result.replies.forEach(add);
    if (result.maxId === '0' || result.replies.length === 0 || cursors.has(result.maxId)) {
      return { complete: true };
    }
    cursors.add(result.maxId);
    maxId = result.maxId;
  }
  return { complete: false };
}

/** `ok:0` ("nothing there") as null; every other failure goes on up. */
async function orNull<T>(request: () => Promise<T>): Promise<T | null> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof WeiboEmpty) {
      return null;
    }
    throw error;
  }
}
