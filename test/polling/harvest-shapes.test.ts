/**
 * The shapes of m.weibo.cn that make "stop at the first id I know" unsafe,
 * end to end through the fake: a pinned old post, comments in popularity
 * order that move between pages, threads longer than their inline sample,
 * long posts, counts such as "1万+"; then re-polling, the feed endpoint's
 * coverage and roles, and POLL_ENABLED.
 */
import { WEIBO_SOURCE } from '../../src/polling/poll.service';
import type { WeiboSource } from '../../src/polling/harvest';
import { WeiboClient } from '../../src/weibo/weibo-client';
import { FakeWeibo } from '../fake-weibo/fake-weibo-server';
import { seedLeaderFeed, storeSnapshot } from '../support/feed-fixture';
import { createLeader, issueKey, startTestApp, TestClock, type TestApp } from '../support/test-app';
import { startTestAppWith } from '../support/test-app-overrides';

const NOW = new Date('2025-03-10T04:00:00Z');
const HOUR = 3_600_000;

/** The real client, with a hook after each comment page: the test moves likes between pages. */
class HookedSource implements WeiboSource {
  afterCommentsPage: ((mid: string, maxId: string | undefined) => void) | null = null;
  constructor(private readonly client: WeiboClient) {}
  getTimelinePage(uid: string, page: number) {
    return this.client.getTimelinePage(uid, page);
  }
  async getCommentsPage(mid: string, maxId?: string) {
    const page = await this.client.getCommentsPage(mid, maxId);
    this.afterCommentsPage?.(mid, maxId);
    return page;
  }
  getRepliesPage(rootCommentId: string, maxId?: string, postId?: string) {
    return this.client.getRepliesPage(rootCommentId, maxId, postId);
  }
  getLongText(id: string) {
    return this.client.getLongText(id);
  }
}

describe('harvest shapes, end to end', () => {
  let weibo: FakeWeibo;
  let t: TestApp;
  let source: HookedSource;

  const poll = (leaderId: string) =>
    t.http.post(`/api/v1/leaders/${leaderId}/poll`).set(t.admin).expect(200);
  const count = async (sql: string, params: unknown[]) =>
    (await t.db.query<{ n: number }>(sql, params))[0].n;
  const pathsOf = (path: string) =>
    weibo.requestsTo(path).map((r) => new URLSearchParams(r.query).toString());

  beforeAll(async () => {
    weibo = new FakeWeibo({ timelinePageSize: 2 });
    const baseUrl = await weibo.start();
    source = new HookedSource(new WeiboClient({ baseUrl, minIntervalMs: 0, maxRetries: 0 }));
    t = await startTestAppWith({
      overrides: [{ provide: WEIBO_SOURCE, useValue: source }],
      clock: new TestClock(NOW),
      config: { weiboBaseUrl: baseUrl },
    });
  });

  afterAll(async () => {
    await t?.close();
    await weibo?.stop();
  });

  it('reads past an old pinned post, pages threads through hotFlowChild, takes long text from statuses/extend, and a re-poll adds nothing', async () => {
    const leader = await createLeader(t);
    const feed = seedLeaderFeed(weibo, { uid: leader.weiboUid, prefix: '201', now: NOW });
    weibo.resetLog();

    const first = await poll(leader.id);
    expect(first.body).toMatchObject({ posts: 4, comments: feed.expectedComments });

    // The pinned post is 90 days old: it is read, and the paging goes on past it
    // until the first old unpinned post (page 3), and no further.
    const timeline = pathsOf('/api/container/getIndex');
    expect(timeline.map((q) => new URLSearchParams(q).get('page'))).toEqual(['1', '2', '3']);
    const posts = await t.db.query<{ id: string; pinned: boolean; text: string }>(
      `SELECT id, pinned, text FROM posts WHERE leader_id = $1 ORDER BY id`,
      [leader.id],
    );
    expect(posts.map((p) => p.id)).toEqual(feed.postIds.slice(0, 4));
    expect(posts[0].pinned).toBe(true);
    // Its threads started before the backfill window are not kept.
    expect(
      await count(`SELECT count(*)::int AS n FROM comments WHERE post_id = $1`, [feed.postIds[0]]),
    ).toBe(4);
    expect(
      await count(`SELECT count(*)::int AS n FROM comments WHERE id = $1`, [feed.beforeWindowId]),
    ).toBe(0);

    // The 25-reply thread: 2 inline, then three hotFlowChild pages of 10.
    const threadPages = pathsOf('/comments/hotFlowChild').filter((q) =>
      q.startsWith(`cid=${feed.longThreadRootId}&`),
    );
    expect(threadPages).toHaveLength(3);
    expect(
      await count(`SELECT count(*)::int AS n FROM comments WHERE root_id = $1 AND id <> root_id`, [
        feed.longThreadRootId,
      ]),
    ).toBe(25);

    // The long post's full text, cleaned.
    expect(pathsOf('/statuses/extend')).toEqual([`id=${feed.longPostId}`]);
    expect(posts.find((p) => p.id === feed.longPostId)?.text).toContain(
      '凡是自称公检法要求转账到安全账户的都是诈骗',
    );

    const before = await storeSnapshot(t.db, leader.id, feed.prefix);
    const again = await poll(leader.id);
    expect(again.body).toEqual({ posts: 0, comments: 0, cases: 0 });
    expect(await storeSnapshot(t.db, leader.id, feed.prefix)).toEqual(before);
  });

  it('comments in popularity order that move between pages: nothing doubled, and the next poll completes what moved out of reach', async () => {
    const leader = await createLeader(t);
    const uid = leader.weiboUid;
    weibo.addUser(uid, '平安B市');
    const postId = '2020000001';
    weibo.addPost(uid, {
      id: postId,
      text: '交通管制通告',
      createdAt: new Date(NOW.getTime() - 5 * HOUR),
    });
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const id = String(2_020_001_000 + i);
      ids.push(id);
      weibo.addComment(postId, {
        id,
        userId: String(8_000_000_000 + i),
        userName: `网友${i}`,
        text: `路口拥堵第${i}天了，请交警管一管`,
        createdAt: new Date(NOW.getTime() - 4 * HOUR + i * 60_000),
        likeCount: 1000 - i * 10,
      });
    }
    weibo.resetLog();
    // After page 1, the least liked comment (due on page 3) jumps to the top:
    // everything shifts one place down, so page 2 starts with one already
    // read, and the jumper is never seen by this poll.
    let moved = false;
    source.afterCommentsPage = (mid) => {
      if (mid === postId && !moved) {
        moved = true;
        weibo.setLikeCount(ids[49], 5000);
      }
    };
    const first = await poll(leader.id);
    source.afterCommentsPage = null;
    expect(pathsOf('/comments/hotflow')).toHaveLength(3);
    expect(first.body).toMatchObject({ posts: 1, comments: 49 });
    const view = await t.http.get(`/api/v1/leaders/${leader.id}/feed`).set(t.admin).expect(200);
    expect(view.body.coverage).toEqual({ value: 0.98, numerator: 49, denominator: 50 });

    const second = await poll(leader.id);
    expect(second.body).toMatchObject({ posts: 0, comments: 1 });
    const held = await t.db.query<{ id: string }>(
      `SELECT id FROM comments WHERE post_id = $1 ORDER BY id`,
      [postId],
    );
    expect(held.map((c) => c.id)).toEqual(ids);
    const after = await t.http.get(`/api/v1/leaders/${leader.id}/feed`).set(t.admin).expect(200);
    expect(after.body.coverage).toEqual({ value: 1, numerator: 50, denominator: 50 });
  });

  it('reads counts such as "1万+" and reports the coverage they imply', async () => {
    const leader = await createLeader(t);
    weibo.addUser(leader.weiboUid, '平安C市');
    weibo.addPost(leader.weiboUid, {
      id: '2030000001',
      text: '热点通报',
      createdAt: new Date(NOW.getTime() - 2 * HOUR),
      commentsCountOverride: '1万+',
      attitudesCount: '2.3万',
      repostsCount: '1,024',
    });
    for (let i = 0; i < 3; i++) {
      weibo.addComment('2030000001', {
        id: String(2_030_001_000 + i),
        userId: String(8_100_000_000 + i),
        userName: `网友${i}`,
        text: '支持',
        createdAt: new Date(NOW.getTime() - HOUR),
      });
    }
    await poll(leader.id);
    const [post] = await t.db.query<{ reported: number; attitudes: number; reposts: number }>(
      `SELECT comments_reported AS reported, attitudes_count AS attitudes, reposts_count AS reposts
       FROM posts WHERE id = '2030000001'`,
    );
    expect(post).toEqual({ reported: 10_000, attitudes: 23_000, reposts: 1024 });
    const view = await t.http.get(`/api/v1/leaders/${leader.id}/feed`).set(t.admin).expect(200);
    expect(view.body).toMatchObject({
      status: 'ok',
      lastError: null,
      backoffUntil: null,
      consecutiveFailures: 0,
      coverage: { value: 0.0003, numerator: 3, denominator: 10_000 },
    });
    expect(view.body.lastSuccessAt).toBe(NOW.toISOString());
  });

  it('GET feed: admin, auditor and the own leader read it; another leader, an evaluator and staff get 403', async () => {
    const own = await createLeader(t);
    const other = await createLeader(t);
    const keys = {
      auditor: await issueKey(t, 'auditor'),
      ownLeader: await issueKey(t, 'leader', [own.id]),
      otherLeader: await issueKey(t, 'leader', [other.id]),
      evaluator: await issueKey(t, 'evaluator'),
      staff: await issueKey(t, 'staff', [own.id]),
    };
    const get = (key: string) => t.http.get(`/api/v1/leaders/${own.id}/feed`).set(t.as(key));
    await t.http.get(`/api/v1/leaders/${own.id}/feed`).set(t.admin).expect(200);
    await get(keys.auditor.key).expect(200);
    const mine = await get(keys.ownLeader.key).expect(200);
    expect(mine.body).toMatchObject({
      status: 'pending',
      lastSuccessAt: null,
      lastError: null,
      backoffUntil: null,
      consecutiveFailures: 0,
      coverage: { value: null, numerator: 0, denominator: 0 },
    });
    await get(keys.otherLeader.key).expect(403);
    await get(keys.evaluator.key).expect(403);
    await get(keys.staff.key).expect(403);
    await t.http.get(`/api/v1/leaders/${own.id}/feed`).expect(401);
    // Polling is the admin's alone.
    await t.http.post(`/api/v1/leaders/${own.id}/poll`).set(t.as(keys.ownLeader.key)).expect(403);
    await t.http.get(`/api/v1/leaders/not-a-uuid/feed`).set(t.admin).expect(400);
    await t.http
      .get(`/api/v1/leaders/00000000-0000-4000-8000-000000000000/feed`)
      .set(t.admin)
      .expect(404);
  });
});

describe('POLL_ENABLED', () => {
  let weibo: FakeWeibo;
  let baseUrl: string;

  beforeAll(async () => {
    weibo = new FakeWeibo();
    baseUrl = await weibo.start();
  });

  afterAll(async () => {
    await weibo.stop();
  });

  /** A service ticking every second with one due leader: timeline reads within `waitMs`. */
  async function timelineReadsWith(pollEnabled: boolean, waitMs: number): Promise<number> {
    const app = await startTestApp({
      config: { weiboBaseUrl: baseUrl, pollEnabled, pollCron: '* * * * * *' },
    });
    try {
      const leader = await createLeader(app);
      weibo.addUser(leader.weiboUid, '平安D市');
      const reads = () =>
        weibo
          .requestsTo('/api/container/getIndex')
          .filter((r) => r.query.containerid === `107603${leader.weiboUid}`).length;
      const deadline = Date.now() + waitMs;
      while (reads() === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return reads();
    } finally {
      await app.close();
    }
  }

  it('false: no cron, no request to Weibo', async () => {
    // Three ticks' worth of waiting.
    expect(await timelineReadsWith(false, 3000)).toBe(0);
  });

  it('true: the cron tick polls the due feed', async () => {
    expect(await timelineReadsWith(true, 15_000)).toBeGreaterThanOrEqual(1);
  });
});
