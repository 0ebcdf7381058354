/**
 * A leader's feed for ingestion tests, seeded into the fake Weibo, and a
 * snapshot of what the store holds for a leader, so that two runs (a clean
 * one and one through faults or a crash) can be compared whole.
 *
 * Ids are `${prefix}${6 digits}`: several leaders can carry the same feed in
 * one fake and one database, and their snapshots compare once the prefix is
 * taken off.
 */
import type { Sql } from '../../src/database/database';
import type { FakeWeibo } from '../fake-weibo/fake-weibo-server';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const CITIZEN_TEXTS = [
  '我要投诉，小区门口每天晚上都有人飙车炸街，吵得睡不着，派出所也不管',
  '我的身份证补办已经一个月了还没拿到，派出所说系统问题，请问怎么办',
  '接到一个自称公安局的电话让我转账到安全账户，这是不是诈骗？求助',
  '楼下烧烤店油烟扰民，投诉了好几次都没人处理',
  '路口红绿灯坏了三天了，早高峰特别危险，建议尽快修好',
  '辛苦了，感谢民警同志<img alt=[赞] src="x.png">',
  '工地晚上十二点还在施工，吵得孩子睡不着觉，希望管一管',
  '顶一下',
];

export interface SeededFeed {
  uid: string;
  prefix: string;
  /** Post ids in timeline order: [pinned old, long, many comments, short, too old]. */
  postIds: string[];
  /** The post with three pages of comments and a long thread. */
  busyPostId: string;
  /** The comment whose thread needs hotFlowChild paging. */
  longThreadRootId: string;
  longPostId: string;
  /** Everything the fake holds that a poll should store (the too-old post excluded). */
  expectedComments: number;
  /** Comments on the posts the feed still tracks (all but the old pinned post): what feed coverage counts. */
  trackedComments: number;
  /** A comment under the old pinned post, older than the backfill window. */
  beforeWindowId: string;
}

/**
 * Five posts (timeline pages of two when the fake is built with
 * `timelinePageSize: 2`): a pinned post older than the backfill, a long post
 * (statuses/extend), a busy post with 45 comments (three hotflow pages) one of
 * which has a 25-reply thread (hotFlowChild paging) and leader replies, a
 * short post, and a post older than the backfill that ends the paging.
 */
export function seedLeaderFeed(
  weibo: FakeWeibo,
  options: { uid: string; prefix: string; now: Date; screenName?: string },
): SeededFeed {
  const { uid, prefix, now } = options;
  const screenName = options.screenName ?? `平安${prefix}`;
  let serial = 0;
  const nextId = () => `${prefix}${String(++serial).padStart(6, '0')}`;
  const ago = (ms: number) => new Date(now.getTime() - ms);
  weibo.addUser(uid, screenName);
  let expectedComments = 0;
  const citizen = (n: number) => ({ userId: String(7_000_000_000 + n), userName: `市民${n}` });

  const comment = (postId: string, n: number, at: Date, likeCount: number): string => {
    const id = nextId();
    weibo.addComment(postId, {
      id,
      ...citizen(n),
      text: CITIZEN_TEXTS[n % CITIZEN_TEXTS.length],
      createdAt: at,
      likeCount,
    });
    expectedComments += 1;
    return id;
  };
  const reply = (rootId: string, at: Date, byLeader: boolean, n: number, text?: string) => {
    weibo.addReply(rootId, {
      id: nextId(),
      ...(byLeader ? { userId: uid, userName: screenName } : citizen(n)),
      text: text ?? (byLeader ? '已安排辖区派出所核实处理，感谢反映' : '同样的问题，希望尽快解决'),
      createdAt: at,
    });
    expectedComments += 1;
  };

  const pinnedId = nextId();
  weibo.addPost(uid, {
    id: pinnedId,
    text: '【置顶】市民有事请在此留言，我们每天查看',
    createdAt: ago(90 * DAY),
    pinned: true,
  });
  for (let i = 0; i < 3; i++) {
    const id = comment(pinnedId, 100 + i, ago(2 * DAY + i * HOUR), 3 - i);
    if (i === 0) {
      reply(id, ago(2 * DAY - HOUR), true, 0);
    }
  }
  const keptOnPinned = expectedComments;
  // Written under the pinned post before the backfill window: not kept.
  const beforeWindowId = nextId();
  weibo.addComment(pinnedId, {
    id: beforeWindowId,
    ...citizen(199),
    text: '去年的投诉，派出所一直没人管',
    createdAt: ago(60 * DAY),
    likeCount: 9,
  });

  const longPostId = nextId();
  weibo.addPost(uid, {
    id: longPostId,
    text: '【警情通报】近期电信诈骗高发',
    isLongText: true,
    longText:
      '【警情通报】近期电信诈骗高发，全文：<br />凡是自称公检法要求转账到安全账户的都是诈骗。',
    createdAt: ago(1 * DAY),
  });
  for (let i = 0; i < 4; i++) {
    comment(longPostId, 200 + i, ago(1 * DAY - (i + 1) * HOUR), i);
  }

  const busyPostId = nextId();
  weibo.addPost(uid, {
    id: busyPostId,
    text: '春季交通安全提示',
    createdAt: ago(3 * DAY),
  });
  let longThreadRootId = '';
  for (let i = 0; i < 45; i++) {
    const at = ago(3 * DAY - (i + 1) * 10 * 60_000);
    const id = comment(busyPostId, 300 + i, at, (i * 7) % 50);
    if (i === 5) {
      longThreadRootId = id;
      for (let r = 0; r < 25; r++) {
        reply(id, new Date(at.getTime() + (r + 1) * 60_000), r === 3, 400 + r);
      }
    } else if (i % 9 === 0) {
      reply(id, new Date(at.getTime() + 30 * 60_000), true, 0);
    }
  }

  const shortId = nextId();
  weibo.addPost(uid, { id: shortId, text: '今日执勤安排', createdAt: ago(5 * DAY) });
  comment(shortId, 500, ago(4 * DAY), 0);

  const tooOldId = nextId();
  weibo.addPost(uid, { id: tooOldId, text: '去年的通报', createdAt: ago(60 * DAY) });
  weibo.addComment(tooOldId, {
    id: nextId(),
    ...citizen(600),
    text: CITIZEN_TEXTS[0],
    createdAt: ago(59 * DAY),
  });

  return {
    uid,
    prefix,
    postIds: [pinnedId, longPostId, busyPostId, shortId, tooOldId],
    busyPostId,
    longThreadRootId,
    longPostId,
    expectedComments,
    trackedComments: expectedComments - keptOnPinned,
    beforeWindowId,
  };
}

/** What the store holds for one leader, ids without their prefix, sorted. */
export interface StoreSnapshot {
  posts: string[];
  comments: string[];
  /** `comment:status:kind:firstResponseBy:firstResponseRef` */
  cases: string[];
  classifications: number;
  /** `comment:action`, one per audit event. */
  auditEvents: string[];
}

export async function storeSnapshot(
  db: Sql,
  leaderId: string,
  prefix: string,
): Promise<StoreSnapshot> {
  const strip = (id: string | null) =>
    id === null ? '-' : id.startsWith(prefix) ? id.slice(prefix.length) : `?${id}`;
  const posts = await db.query<{ id: string; reported: number; held: number; text: string }>(
    `SELECT id, comments_reported AS reported, comments_held AS held, text FROM posts WHERE leader_id = $1`,
    [leaderId],
  );
  const comments = await db.query<{ id: string; root_id: string; by_leader: boolean }>(
    `SELECT id, root_id, by_leader FROM comments WHERE leader_id = $1`,
    [leaderId],
  );
  const cases = await db.query<{
    comment_id: string;
    status: string;
    kind: string;
    first_response_by: string | null;
    first_response_ref: string | null;
  }>(
    `SELECT comment_id, status, kind, first_response_by, first_response_ref FROM cases WHERE leader_id = $1`,
    [leaderId],
  );
  const [{ n: classifications }] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM classifications WHERE leader_id = $1`,
    [leaderId],
  );
  const events = await db.query<{ comment_id: string; action: string }>(
    `SELECT c.comment_id, e.action FROM audit_events e JOIN cases c ON c.id = e.case_id
     WHERE e.leader_id = $1`,
    [leaderId],
  );
  return {
    posts: posts.map((p) => `${strip(p.id)}:${p.reported}:${p.held}:${p.text.length}`).sort(),
    comments: comments
      .map((c) => `${strip(c.id)}:${strip(c.root_id)}:${c.by_leader ? 'L' : 'C'}`)
      .sort(),
    cases: cases
      .map(
        (c) =>
          `${strip(c.comment_id)}:${c.status}:${c.kind}:${c.first_response_by ?? '-'}:${strip(c.first_response_ref)}`,
      )
      .sort(),
    classifications,
    auditEvents: events.map((e) => `${strip(e.comment_id)}:${e.action}`).sort(),
  };
}
