/**
 * Pure parsing of m.weibo.cn JSON into typed posts and comments. An item that
 * cannot be read is skipped with a reason; the rest of its page still counts.
 * Every string of an item, author names and ids included, is made storable
 * (storable-text.ts) before it is read, so no field can carry NUL, a control
 * character or a lone surrogate into the database.
 */
import { WeiboEmpty, WeiboForbidden, WeiboMalformed } from './weibo-errors';
import { parseCount } from './weibo-count';
import { readWeiboText } from './weibo-text';
import { parseWeiboDate } from './weibo-date';
import { storableRaw, storableText } from './storable-text';
import type {
  CommentsPage,
  RepliesPage,
  SkippedItem,
  TimelinePage,
  WeiboComment,
  WeiboPost,
} from './weibo-types';

export { parseCount } from './weibo-count';
export { readWeiboText } from './weibo-text';
export { parseWeiboDate } from './weibo-date';
export { parseWeiboJson } from './weibo-json';

type Json = Record<string, unknown>;

function asRecord(value: unknown): Json | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : null;
}

/**
 * An id as a string. Strings of digits pass; numbers only when they are safe
 * integers (a bigger one has already lost digits: parse with parseWeiboJson).
 */
export function idString(value: unknown): string | null {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return /^\d+$/.test(trimmed) ? trimmed : null;
  }
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
    return String(value);
  }
  return null;
}

/** A cursor (max_id, since_id) as a string; absent, null or 0 → '0'. */
function cursorString(value: unknown): string {
  return idString(value) ?? '0';
}

/**
 * Checks the `ok` envelope. `ok:0` → WeiboEmpty; `ok:-100` (login or visitor
 * check) → WeiboForbidden; anything else that is not `ok:1` → WeiboMalformed.
 */
export function expectOk(json: unknown, path = ''): Json {
  const envelope = asRecord(json);
  if (envelope === null) {
    throw new WeiboMalformed({ path, reason: 'the body is not a JSON object' });
  }
  const ok = Number(envelope.ok);
  const msg = typeof envelope.msg === 'string' ? envelope.msg : null;
  if (ok === 1) {
    return envelope;
  }
  if (ok === 0) {
    throw new WeiboEmpty({ path, msg });
  }
  if (ok === -100) {
    throw new WeiboForbidden({ path, reason: msg ?? 'login required (ok:-100)' });
  }
  throw new WeiboMalformed({ path, reason: `unexpected ok value ${String(envelope.ok)}` });
}

class ItemError extends Error {}

function requireId(record: Json, keys: string[], what: string): string {
  for (const key of keys) {
    if (record[key] !== undefined && record[key] !== null) {
      const id = idString(record[key]);
      if (id !== null) {
        return id;
      }
    }
  }
  throw new ItemError(`${what} missing or not an exact integer (${keys.join('/')})`);
}

function optionalId(record: Json, keys: string[]): string | null {
  for (const key of keys) {
    const id = idString(record[key]);
    if (id !== null) {
      return id;
    }
  }
  return null;
}

function author(record: Json): { authorUid: string; authorName: string } {
  const user = asRecord(record.user);
  if (user === null) {
    throw new ItemError('no user (deleted or hidden item)');
  }
  return {
    authorUid: requireId(user, ['idstr', 'id'], 'user.id'),
    authorName: typeof user.screen_name === 'string' ? user.screen_name : '',
  };
}

function createdAt(record: Json, now: Date): Date {
  const value = record.created_at;
  const date = typeof value === 'string' ? parseWeiboDate(value, now) : null;
  if (date === null) {
    throw new ItemError(`unreadable created_at ${JSON.stringify(value)}`);
  }
  return date;
}

function htmlOf(record: Json, key: string): string {
  const value = record[key];
  return typeof value === 'string' ? value : '';
}

function reason(error: unknown): string {
  if (error instanceof ItemError) {
    return error.message;
  }
  throw error;
}

/** One `mblog`. Throws ItemError when unreadable. */
function toPost(original: Json, now: Date): WeiboPost {
  const storable = storableRaw(original);
  const mblog = storable.json as Json;
  const id = requireId(mblog, ['id', 'idstr', 'mid'], 'mblog.id');
  const html = htmlOf(mblog, 'text');
  const title = asRecord(mblog.title);
  return {
    id,
    mid: optionalId(mblog, ['mid']) ?? id,
    bid: typeof mblog.bid === 'string' && mblog.bid !== '' ? mblog.bid : null,
    ...author(mblog),
    ...readWeiboText(html),
    html,
    createdAt: createdAt(mblog, now),
    isLongText: mblog.isLongText === true,
    pinned: Number(mblog.mblogtype) === 2 || title?.text === '置顶',
    commentsCount: parseCount(mblog.comments_count),
    repostsCount: parseCount(mblog.reposts_count),
    attitudesCount: parseCount(mblog.attitudes_count),
    raw: mblog,
    rawSource: storable.source,
  };
}

function collectMblogs(cards: unknown, into: Json[], skipped: SkippedItem[]): void {
  if (!Array.isArray(cards)) {
    return;
  }
  for (const cardValue of cards) {
    const card = asRecord(cardValue);
    if (card === null) {
      skipped.push({ kind: 'post', reason: 'card is not an object', raw: cardValue });
      continue;
    }
    const cardType = Number(card.card_type);
    if (cardType === 9) {
      const mblog = asRecord(card.mblog);
      if (mblog === null) {
        skipped.push({ kind: 'post', reason: 'card_type 9 without mblog', raw: card });
      } else {
        into.push(mblog);
      }
    } else if (cardType === 11) {
      collectMblogs(card.card_group, into, skipped);
    }
    // Other card types (headers, "more" links, notices) carry no post.
  }
}

/** `api/container/getIndex?containerid=107603{uid}` */
export function parseTimelinePage(json: unknown, now: Date): TimelinePage {
  const data = asRecord(expectOk(json).data);
  if (data === null) {
    throw new WeiboMalformed({ path: '', reason: 'timeline without data' });
  }
  const skipped: SkippedItem[] = [];
  const mblogs: Json[] = [];
  collectMblogs(data.cards, mblogs, skipped);
  const posts: WeiboPost[] = [];
  const seen = new Set<string>();
  for (const mblog of mblogs) {
    try {
      const post = toPost(mblog, now);
      // A card_type 11 group may repeat a post shown on its own as well.
      if (!seen.has(post.id)) {
        seen.add(post.id);
        posts.push(post);
      }
    } catch (error) {
      skipped.push({ kind: 'post', reason: reason(error), raw: mblog });
    }
  }
  const info = asRecord(data.cardlistInfo);
  const total = info?.total;
  const sinceId = info === null ? null : idString(info.since_id);
  return {
    posts,
    sinceId: sinceId === '0' ? null : sinceId,
    total: total === undefined || total === null ? null : parseCount(total),
    skipped,
  };
}

/** One comment or reply; `fallbackRootId` is the thread it was found in. */
function toComment(
  original: Json,
  postId: string,
  now: Date,
  fallbackRootId: string | null,
  skipped: SkippedItem[],
): WeiboComment {
  const storable = storableRaw(original);
  const record = storable.json as Json;
  const id = requireId(record, ['idstr', 'id'], 'comment id');
  const html = htmlOf(record, 'text');
  const replyTo = asRecord(record.reply_comment);
  const source = typeof record.source === 'string' && record.source !== '' ? record.source : null;
  const comment: WeiboComment = {
    id,
    rootId: optionalId(record, ['rootidstr', 'rootid']) ?? fallbackRootId ?? id,
    postId,
    parentId: replyTo === null ? null : optionalId(replyTo, ['idstr', 'id']),
    ...author(record),
    ...readWeiboText(html),
    html,
    createdAt: createdAt(record, now),
    source,
    likeCount: parseCount(record.like_count ?? record.like_counts),
    replyCount: parseCount(record.total_number),
    inlineReplies: [],
    raw: record,
    rawSource: storable.source,
  };
  // From the original: each inline reply keeps its own original beside it.
  comment.inlineReplies = toComments(
    original.comments,
    postId,
    now,
    comment.rootId,
    'reply',
    skipped,
  );
  return comment;
}

/** A list of comments; `comments: false` (no inline replies) reads as empty. */
function toComments(
  list: unknown,
  postId: string,
  now: Date,
  fallbackRootId: string | null,
  kind: 'comment' | 'reply',
  skipped: SkippedItem[],
): WeiboComment[] {
  if (!Array.isArray(list)) {
    return [];
  }
  const comments: WeiboComment[] = [];
  for (const item of list) {
    const record = asRecord(item);
    try {
      if (record === null) {
        throw new ItemError('comment is not an object');
      }
      comments.push(toComment(record, postId, now, fallbackRootId, skipped));
    } catch (error) {
      skipped.push({ kind, reason: reason(error), raw: item });
    }
  }
  return comments;
}

/** `comments/hotflow?id={mid}&mid={mid}`: top-level comments in popularity order. */
export function parseCommentsPage(json: unknown, postId: string, now: Date): CommentsPage {
  const data = asRecord(expectOk(json).data);
  if (data === null || !Array.isArray(data.data)) {
    throw new WeiboMalformed({ path: '', reason: 'hotflow without data.data' });
  }
  const skipped: SkippedItem[] = [];
  const comments = toComments(data.data, postId, now, null, 'comment', skipped);
  return {
    comments,
    maxId: cursorString(data.max_id),
    totalNumber: parseCount(data.total_number),
    skipped,
  };
}

/**
 * `comments/hotFlowChild?cid={rootid}`: one page of a thread. `rootCommentId`
 * stands in for a reply that does not name its root.
 */
export function parseRepliesPage(
  json: unknown,
  postId: string,
  now: Date,
  rootCommentId: string | null = null,
): RepliesPage {
  const envelope = expectOk(json);
  if (!Array.isArray(envelope.data)) {
    throw new WeiboMalformed({ path: '', reason: 'hotFlowChild without data[]' });
  }
  const skipped: SkippedItem[] = [];
  const replies = toComments(envelope.data, postId, now, rootCommentId, 'reply', skipped);
  return { replies, maxId: cursorString(envelope.max_id), skipped };
}

/** `statuses/extend?id={id}`: the full HTML of a long post. */
export function parseLongText(json: unknown): string {
  const data = asRecord(expectOk(json).data);
  const content = data?.longTextContent;
  if (typeof content !== 'string') {
    throw new WeiboMalformed({ path: '', reason: 'extend without data.longTextContent' });
  }
  return storableText(content);
}

/** The post with its full text in place of the truncated one. */
export function withLongText(post: WeiboPost, longHtml: string): WeiboPost {
  return { ...post, html: longHtml, ...readWeiboText(longHtml) };
}
