/**
 * Builders of m.weibo.cn JSON bodies, shaped like the real responses (the
 * parts crawlers read, plus some of the noise around them). Used by the fake
 * server and by recorded.ts for benchmarks and unit tests without HTTP.
 */

export type DateStyle = 'full' | 'relative';

export interface FakeUser {
  uid: string;
  screenName: string;
}

export interface FakePostInput {
  id: string;
  /** HTML as Weibo shows it in the timeline (for a long post: the truncated part). */
  text: string;
  createdAt: Date;
  pinned?: boolean;
  isLongText?: boolean;
  /** Full HTML served by statuses/extend; defaults to `text`. */
  longText?: string;
  /** What `comments_count` says instead of the real count, e.g. "1万+". */
  commentsCountOverride?: string | number;
  bid?: string;
  repostsCount?: number | string;
  attitudesCount?: number | string;
}

export interface FakeCommentInput {
  id: string;
  userId: string;
  userName: string;
  /** HTML. */
  text: string;
  createdAt: Date;
  likeCount?: number;
  /** e.g. 来自广东 */
  source?: string;
}

export interface FakeReplyInput extends FakeCommentInput {
  /** Another reply in the same thread that this one answers: sets reply_comment and `回复@NAME:`. */
  replyToCommentId?: string;
}

export interface DateFormat {
  style: DateStyle;
  now: Date;
}

const NUMBER_MARK = '\u0001n:';
const MARKED_NUMBER = /"\\u0001n:(\d+)"/g;

/** An id that the JSON carries as a bare number, as Weibo does for user.id (exact even past 2^53). */
export function bareNumber(id: string): string {
  return `${NUMBER_MARK}${id}`;
}

/** JSON.stringify, with bareNumber() ids written as numbers. */
export function toWeiboJson(value: unknown): string {
  return JSON.stringify(value).replace(MARKED_NUMBER, '$1');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const SHANGHAI_MS = 8 * 3600 * 1000;
const pad = (n: number): string => String(n).padStart(2, '0');

/** `Sat Jan 04 14:07:28 +0800 2025`, or the older relative forms. */
export function formatWeiboDate(date: Date, format: DateFormat): string {
  const local = new Date(date.getTime() + SHANGHAI_MS);
  const hhmm = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
  if (format.style === 'full') {
    return (
      `${DAYS[local.getUTCDay()]} ${MONTHS[local.getUTCMonth()]} ${pad(local.getUTCDate())} ` +
      `${hhmm}:${pad(local.getUTCSeconds())} +0800 ${local.getUTCFullYear()}`
    );
  }
  const ageMs = format.now.getTime() - date.getTime();
  if (ageMs < 60_000) {
    return '刚刚';
  }
  if (ageMs < 3_600_000) {
    return `${Math.floor(ageMs / 60_000)}分钟前`;
  }
  if (ageMs < 86_400_000) {
    return `${Math.floor(ageMs / 3_600_000)}小时前`;
  }
  const today = new Date(format.now.getTime() + SHANGHAI_MS);
  const dayNumber = (d: Date): number => Math.floor(d.getTime() / 86_400_000);
  if (dayNumber(today) - dayNumber(local) === 1) {
    return `昨天 ${hhmm}`;
  }
  const monthDay = `${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  return local.getUTCFullYear() === today.getUTCFullYear()
    ? monthDay
    : `${local.getUTCFullYear()}-${monthDay}`;
}

export function userJson(user: FakeUser, verified = false): Record<string, unknown> {
  return {
    id: bareNumber(user.uid),
    screen_name: user.screenName,
    profile_image_url: `https://tvax1.sinaimg.cn/crop.0.0.180.180.180/${user.uid}.jpg`,
    profile_url: `https://m.weibo.cn/u/${user.uid}?uid=${user.uid}`,
    verified,
    verified_type: verified ? 1 : -1,
    ...(verified ? { verified_reason: `${user.screenName}官方微博` } : {}),
    close_blue_v: false,
    follow_me: false,
    following: false,
    mbtype: 0,
    urank: 4,
  };
}

export function mblogJson(
  user: FakeUser,
  post: FakePostInput,
  commentsCount: number | string,
  format: DateFormat,
): Record<string, unknown> {
  const bid = post.bid ?? `B${post.id.slice(-8)}`;
  const text = post.isLongText ? `${post.text}...<a href="/status/${post.id}">全文</a>` : post.text;
  return {
    visible: { type: 0, list_id: 0 },
    created_at: formatWeiboDate(post.createdAt, format),
    id: post.id,
    mid: post.id,
    bid,
    can_edit: false,
    show_additional_indication: 0,
    text,
    textLength: text.length,
    source: 'iPhone客户端',
    favorited: false,
    pic_ids: [],
    is_paid: false,
    mblog_vip_type: 0,
    user: userJson(user, true),
    reposts_count: post.repostsCount ?? 0,
    comments_count: post.commentsCountOverride ?? commentsCount,
    reprint_cmt_count: 0,
    attitudes_count: post.attitudesCount ?? 0,
    pending_approval_count: 0,
    isLongText: post.isLongText === true,
    mblogtype: post.pinned ? 2 : 0,
    ...(post.pinned ? { title: { text: '置顶', base_color: 1 } } : {}),
    mlevel: 0,
    number_display_strategy: { apply_scenario_flag: 3, display_text_min_number: 1000000 },
  };
}

export function postCard(user: FakeUser, mblog: Record<string, unknown>): Record<string, unknown> {
  return {
    card_type: 9,
    itemid: `107603${user.uid}_-_${String(mblog.id)}`,
    scheme: `https://m.weibo.cn/status/${String(mblog.bid)}?mblogid=${String(mblog.bid)}`,
    mblog,
  };
}

/** card_type 11: a group of cards, as Weibo uses for recommendations and "hot" strips. */
export function groupCard(cards: Record<string, unknown>[]): Record<string, unknown> {
  return { card_type: 11, card_group: cards, show_type: 0 };
}

export function timelineBody(
  user: FakeUser,
  cards: Record<string, unknown>[],
  total: number,
  sinceId: string | null,
): string {
  return toWeiboJson({
    ok: 1,
    data: {
      cardlistInfo: {
        containerid: `107603${user.uid}`,
        v_p: 42,
        show_style: 1,
        total,
        ...(sinceId === null ? {} : { since_id: bareNumber(sinceId) }),
      },
      cards,
      scheme: `sinaweibo://cardlist?containerid=107603${user.uid}`,
      showAppTips: 0,
    },
  });
}

export interface CommentJsonInput {
  comment: FakeCommentInput;
  rootId: string;
  postId: string;
  format: DateFormat;
  inlineReplies?: Record<string, unknown>[];
  totalReplies?: number;
  replyTo?: { id: string; userId: string; userName: string; text: string };
}

export function commentJson(input: CommentJsonInput): Record<string, unknown> {
  const { comment, format } = input;
  const user: FakeUser = { uid: comment.userId, screenName: comment.userName };
  const text = input.replyTo
    ? `回复<a href='https://m.weibo.cn/n/${input.replyTo.userName}'>@${input.replyTo.userName}</a>:${comment.text}`
    : comment.text;
  return {
    created_at: formatWeiboDate(comment.createdAt, format),
    id: bareNumber(comment.id),
    rootid: bareNumber(input.rootId),
    rootidstr: input.rootId,
    floor_number: 0,
    text,
    disable_reply: 0,
    restrictOperate: false,
    source: comment.source ?? '来自广东',
    user: userJson(user),
    mid: comment.id,
    comments: input.inlineReplies && input.inlineReplies.length > 0 ? input.inlineReplies : false,
    max_id: 0,
    total_number: input.totalReplies ?? 0,
    isLikedByMblogAuthor: false,
    like_count: comment.likeCount ?? 0,
    ...(input.replyTo
      ? {
          reply_comment: {
            id: bareNumber(input.replyTo.id),
            text: input.replyTo.text,
            user: userJson({ uid: input.replyTo.userId, screenName: input.replyTo.userName }),
          },
        }
      : {}),
    more_info_type: 0,
  };
}

export function hotflowBody(
  comments: Record<string, unknown>[],
  totalNumber: number,
  maxId: string,
): string {
  return toWeiboJson({
    ok: 1,
    data: { data: comments, total_number: totalNumber, max_id: bareNumber(maxId), max_id_type: 0 },
  });
}

export function hotFlowChildBody(
  replies: Record<string, unknown>[],
  root: Record<string, unknown>,
  totalNumber: number,
  maxId: string,
): string {
  return toWeiboJson({
    ok: 1,
    data: replies,
    total_number: totalNumber,
    max_id: bareNumber(maxId),
    max_id_type: 0,
    rootComment: [root],
  });
}

export function extendBody(longHtml: string, commentsCount: number | string): string {
  return toWeiboJson({
    ok: 1,
    data: {
      ok: 1,
      longTextContent: longHtml,
      reposts_count: 0,
      comments_count: commentsCount,
      attitudes_count: 0,
    },
  });
}

export function ok0Body(msg = '这里还没有内容'): string {
  return toWeiboJson({ ok: 0, msg, data: { cards: [] } });
}

export const CAPTCHA_HTML =
  '<!DOCTYPE html><html><head><meta charset="utf-8"><title>微博-出错了</title></head>' +
  '<body><div class="h5-4box"><p>请输入验证码以继续访问</p>' +
  '<img src="https://passport.weibo.cn/captcha/image?r=1"></div></body></html>';
