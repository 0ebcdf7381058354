/**
 * The in-memory Weibo behind the fake server: users, posts, comments and
 * reply threads, served page by page the way m.weibo.cn pages them.
 */
import {
  commentJson,
  extendBody,
  groupCard,
  hotFlowChildBody,
  hotflowBody,
  mblogJson,
  ok0Body,
  postCard,
  timelineBody,
  type DateFormat,
  type DateStyle,
  type FakeCommentInput,
  type FakePostInput,
  type FakeReplyInput,
  type FakeUser,
} from './weibo-builders';

export interface FakeWeiboModelOptions {
  timelinePageSize?: number;
  commentsPageSize?: number;
  repliesPageSize?: number;
  /** How many replies ride inline with a hotflow comment. */
  inlineReplies?: number;
  dateStyle?: DateStyle;
  /** Answer hotflow of a post without comments with `ok:0`, as m.weibo.cn often does. */
  emptyCommentsAsOk0?: boolean;
  /** The fake's clock, for relative dates. */
  now?: () => Date;
}

export interface FakeResponse {
  status: number;
  contentType: string;
  body: string;
}

interface StoredPost extends FakePostInput {
  uid: string;
}

interface StoredComment extends FakeCommentInput {
  postId: string;
}

interface StoredReply extends FakeReplyInput {
  rootId: string;
}

// max_id cursors look like Weibo's (big opaque numbers) but encode an offset.
const CURSOR_BASE = 138_000_000_000_000;

function cursorFor(offset: number, total: number): string {
  return offset >= total ? '0' : String(CURSOR_BASE + offset);
}

function offsetOf(maxId: string | undefined): number | null {
  if (maxId === undefined || maxId === '' || maxId === '0') {
    return 0;
  }
  const offset = Number(maxId) - CURSOR_BASE;
  return Number.isSafeInteger(offset) && offset >= 0 ? offset : null;
}

const json = (body: string): FakeResponse => ({
  status: 200,
  contentType: 'application/json; charset=utf-8',
  body,
});

export class FakeWeiboModel {
  readonly users = new Map<string, FakeUser>();
  readonly posts = new Map<string, StoredPost>();
  private readonly comments = new Map<string, StoredComment>();
  private readonly commentsByPost = new Map<string, StoredComment[]>();
  private readonly repliesByRoot = new Map<string, StoredReply[]>();
  private readonly replies = new Map<string, StoredReply>();
  readonly options: Required<FakeWeiboModelOptions>;
  private readonly deleted = new Map<string, () => void>();
  /** Comments a flaky hotflow leaves out: reads still to come, and the read in progress. */
  private readonly omitted = new Map<string, number>();
  private readonly omittedNow = new Set<string>();

  constructor(options: FakeWeiboModelOptions = {}) {
    this.options = {
      timelinePageSize: 10,
      commentsPageSize: 20,
      repliesPageSize: 10,
      inlineReplies: 2,
      dateStyle: 'full',
      emptyCommentsAsOk0: false,
      now: () => new Date(),
      ...options,
    };
  }

  addUser(uid: string, screenName: string): void {
    this.users.set(uid, { uid, screenName });
  }

  addPost(uid: string, post: FakePostInput): void {
    if (!this.users.has(uid)) {
      throw new Error(`fake weibo: unknown user ${uid}`);
    }
    this.posts.set(post.id, { ...post, uid });
    if (!this.commentsByPost.has(post.id)) {
      this.commentsByPost.set(post.id, []);
    }
  }

  addComment(postId: string, comment: FakeCommentInput): void {
    const list = this.commentsByPost.get(postId);
    if (list === undefined) {
      throw new Error(`fake weibo: unknown post ${postId}`);
    }
    const stored = { ...comment, postId };
    list.push(stored);
    this.comments.set(comment.id, stored);
  }

  addReply(rootCommentId: string, reply: FakeReplyInput): void {
    if (!this.comments.has(rootCommentId)) {
      throw new Error(`fake weibo: unknown root comment ${rootCommentId}`);
    }
    const thread = this.repliesByRoot.get(rootCommentId) ?? [];
    const stored = { ...reply, rootId: rootCommentId };
    thread.push(stored);
    this.repliesByRoot.set(rootCommentId, thread);
    this.replies.set(reply.id, stored);
  }

  /** Changes a comment's likes, and so its place in the popularity order. */
  setLikeCount(commentId: string, likeCount: number): void {
    const comment = this.comments.get(commentId);
    if (comment === undefined) {
      throw new Error(`fake weibo: unknown comment ${commentId}`);
    }
    comment.likeCount = likeCount;
  }

  /**
   * The author deletes a comment: it and its replies leave every endpoint
   * and comments_count, as on Weibo. `restore` puts them back.
   */
  deleteComment(commentId: string): void {
    const comment = this.comments.get(commentId);
    if (comment === undefined) {
      throw new Error(`fake weibo: unknown comment ${commentId}`);
    }
    const list = this.commentsByPost.get(comment.postId) ?? [];
    list.splice(list.indexOf(comment), 1);
    this.comments.delete(commentId);
    this.deleted.set(commentId, () => {
      list.push(comment);
      this.comments.set(commentId, comment);
    });
  }

  /** The author deletes a reply (a leader withdrawing an answer, say). */
  deleteReply(replyId: string): void {
    const reply = this.replies.get(replyId);
    if (reply === undefined) {
      throw new Error(`fake weibo: unknown reply ${replyId}`);
    }
    const thread = this.repliesByRoot.get(reply.rootId) ?? [];
    thread.splice(thread.indexOf(reply), 1);
    this.replies.delete(replyId);
    this.deleted.set(replyId, () => {
      thread.push(reply);
      this.replies.set(replyId, reply);
    });
  }

  /** A deleted comment or reply comes back (a moderation hold lifted). */
  restore(id: string): void {
    const put = this.deleted.get(id);
    if (put === undefined) {
      throw new Error(`fake weibo: ${id} was not deleted`);
    }
    put();
    this.deleted.delete(id);
  }

  /**
   * Flaky pages: the next `reads` reads of the post's comments (a read
   * starts at the first hotflow page) leave this comment out of their page,
   * while comments_count still counts it.
   */
  omitFromReads(commentId: string, reads = 1): void {
    this.omitted.set(commentId, reads);
  }

  /** Comments plus replies under a post: what Weibo counts in comments_count. */
  commentCount(postId: string): number {
    const top = this.commentsByPost.get(postId) ?? [];
    return top.reduce((sum, c) => sum + 1 + (this.repliesByRoot.get(c.id)?.length ?? 0), 0);
  }

  /** Serves one request of the real API's shape. */
  respond(pathname: string, query: URLSearchParams): FakeResponse {
    switch (pathname) {
      case '/api/container/getIndex':
        return this.timeline(query);
      case '/comments/hotflow':
        return this.hotflow(query);
      case '/comments/hotFlowChild':
        return this.hotFlowChild(query);
      case '/statuses/extend':
        return this.extend(query);
      default:
        return { status: 404, contentType: 'text/html', body: '<html><body>404</body></html>' };
    }
  }

  private format(): DateFormat {
    return { style: this.options.dateStyle, now: this.options.now() };
  }

  /** Pinned first, then newest first. */
  private orderedPosts(uid: string): StoredPost[] {
    const posts = [...this.posts.values()].filter((p) => p.uid === uid);
    const byTime = (a: StoredPost, b: StoredPost): number =>
      b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id);
    return [
      ...posts.filter((p) => p.pinned).sort(byTime),
      ...posts.filter((p) => !p.pinned).sort(byTime),
    ];
  }

  private timeline(query: URLSearchParams): FakeResponse {
    const containerId = query.get('containerid') ?? '';
    const uid = containerId.startsWith('107603') ? containerId.slice(6) : '';
    const user = this.users.get(uid);
    const page = Number(query.get('page') ?? '1') || 1;
    const size = this.options.timelinePageSize;
    const posts = user === undefined ? [] : this.orderedPosts(uid);
    const slice = posts.slice((page - 1) * size, page * size);
    // Like Weibo: no such account, no posts, or past the last page → ok:0.
    if (user === undefined || slice.length === 0) {
      return json(ok0Body('这里还没有内容'));
    }
    const format = this.format();
    const cards: Record<string, unknown>[] = [];
    if (page === 1) {
      cards.push(groupCard([{ card_type: 58, desc: '以下为该用户发布的微博' }]));
    }
    slice.forEach((post, index) => {
      const card = postCard(user, mblogJson(user, post, this.commentCount(post.id), format));
      // Every third post arrives wrapped in a card_type 11 group.
      cards.push(index % 3 === 2 ? groupCard([card]) : card);
    });
    const more = page * size < posts.length;
    return json(timelineBody(user, cards, posts.length, more ? slice[slice.length - 1].id : null));
  }

  /** Popularity order: likes, then newest. */
  private hotOrder(postId: string): StoredComment[] {
    return [...(this.commentsByPost.get(postId) ?? [])].sort(
      (a, b) =>
        (b.likeCount ?? 0) - (a.likeCount ?? 0) ||
        b.createdAt.getTime() - a.createdAt.getTime() ||
        b.id.localeCompare(a.id),
    );
  }

  private thread(rootId: string): StoredReply[] {
    return [...(this.repliesByRoot.get(rootId) ?? [])].sort(
      (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id),
    );
  }

  private replyJson(
    reply: StoredReply,
    postId: string,
    format: DateFormat,
  ): Record<string, unknown> {
    const target =
      reply.replyToCommentId === undefined ? undefined : this.replies.get(reply.replyToCommentId);
    return commentJson({
      comment: reply,
      rootId: reply.rootId,
      postId,
      format,
      replyTo:
        target === undefined
          ? undefined
          : { id: target.id, userId: target.userId, userName: target.userName, text: target.text },
    });
  }

  private hotflow(query: URLSearchParams): FakeResponse {
    const postId = query.get('id') ?? query.get('mid') ?? '';
    const post = this.posts.get(postId);
    const offset = offsetOf(query.get('max_id') ?? undefined);
    if (post === undefined || offset === null) {
      return json(ok0Body('暂无数据'));
    }
    if (offset === 0) {
      this.startRead(postId);
    }
    const ordered = this.hotOrder(postId).filter((c) => !this.omittedNow.has(c.id));
    if (ordered.length === 0 && this.options.emptyCommentsAsOk0) {
      return json(ok0Body('还没有人评论哦~快来抢沙发！'));
    }
    const format = this.format();
    const size = this.options.commentsPageSize;
    const page = ordered.slice(offset, offset + size).map((comment) => {
      const thread = this.thread(comment.id);
      return commentJson({
        comment,
        rootId: comment.id,
        postId,
        format,
        totalReplies: thread.length,
        inlineReplies: thread
          .slice(0, this.options.inlineReplies)
          .map((reply) => this.replyJson(reply, postId, format)),
      });
    });
    return json(
      hotflowBody(page, this.commentCount(postId), cursorFor(offset + size, ordered.length)),
    );
  }

  private startRead(postId: string): void {
    for (const comment of this.commentsByPost.get(postId) ?? []) {
      this.omittedNow.delete(comment.id);
      const reads = this.omitted.get(comment.id) ?? 0;
      if (reads > 0) {
        this.omittedNow.add(comment.id);
        this.omitted.set(comment.id, reads - 1);
      }
    }
  }

  private hotFlowChild(query: URLSearchParams): FakeResponse {
    const rootId = query.get('cid') ?? '';
    const root = this.comments.get(rootId);
    const offset = offsetOf(query.get('max_id') ?? undefined);
    if (root === undefined || offset === null) {
      return json(ok0Body('暂无数据'));
    }
    const format = this.format();
    const thread = this.thread(rootId);
    const size = this.options.repliesPageSize;
    const page = thread
      .slice(offset, offset + size)
      .map((reply) => this.replyJson(reply, root.postId, format));
    const rootJson = commentJson({
      comment: root,
      rootId,
      postId: root.postId,
      format,
      totalReplies: thread.length,
    });
    return json(
      hotFlowChildBody(page, rootJson, thread.length, cursorFor(offset + size, thread.length)),
    );
  }

  private extend(query: URLSearchParams): FakeResponse {
    const post = this.posts.get(query.get('id') ?? '');
    if (post === undefined) {
      return json(ok0Body('暂无数据'));
    }
    return json(
      extendBody(
        post.longText ?? post.text,
        post.commentsCountOverride ?? this.commentCount(post.id),
      ),
    );
  }
}
