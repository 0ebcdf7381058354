/**
 * Reading a whole feed through WeiboClient from the fake: timeline pages with
 * a pinned post and card_type 11 groups, hot-ordered comment pages, reply
 * threads longer than their inline sample, long texts, big ids, relative dates.
 */
import { WeiboEmpty } from '../../src/weibo/weibo-errors';
import { WeiboClient } from '../../src/weibo/weibo-client';
import { withLongText } from '../../src/weibo/weibo-parser';
import type { WeiboComment, WeiboPost } from '../../src/weibo/weibo-types';
import { FakeWeibo, type FakeWeiboOptions } from '../fake-weibo/fake-weibo-server';

const UID = '1234567890';
const T0 = new Date('2025-01-04T06:07:28Z');
const minutesAfter = (m: number): Date => new Date(T0.getTime() + m * 60_000);
const postId = (n: number): string => String(5_100_000_000_000_000 + n);

describe('paging through the fake m.weibo.cn', () => {
  let fake: FakeWeibo;
  let weibo: WeiboClient;

  async function startFake(options: FakeWeiboOptions = {}, now = () => Date.now()): Promise<void> {
    fake = new FakeWeibo(options);
    fake.addUser(UID, '平安某市');
    weibo = new WeiboClient({
      baseUrl: await fake.start(),
      minIntervalMs: 0,
      backoffBaseMs: 10,
      now,
    });
  }

  afterEach(async () => {
    await fake.stop();
  });

  async function allPosts(): Promise<WeiboPost[]> {
    const posts: WeiboPost[] = [];
    for (let page = 1; ; page++) {
      try {
        posts.push(...(await weibo.getTimelinePage(UID, page)).posts);
      } catch (error) {
        if (error instanceof WeiboEmpty && page > 1) {
          return posts; // past the last page
        }
        throw error;
      }
    }
  }

  async function allCommentsFrom(mid: string, from: string): Promise<WeiboComment[]> {
    const comments: WeiboComment[] = [];
    for (let maxId = from; maxId !== '0';) {
      const page = await weibo.getCommentsPage(mid, maxId);
      comments.push(...page.comments);
      maxId = page.maxId;
    }
    return comments;
  }

  async function allComments(mid: string): Promise<{ comments: WeiboComment[]; requests: number }> {
    const comments: WeiboComment[] = [];
    let maxId: string | undefined;
    let requests = 0;
    do {
      const page = await weibo.getCommentsPage(mid, maxId);
      requests++;
      comments.push(...page.comments);
      maxId = page.maxId;
    } while (maxId !== '0');
    return { comments, requests };
  }

  it('timeline: pinned first whatever its age, then newest; 10 a page; groups unpacked', async () => {
    await startFake();
    fake.addPost(UID, {
      id: postId(0),
      text: '置顶：报警请拨110',
      createdAt: minutesAfter(-100_000),
      pinned: true,
    });
    for (let i = 1; i <= 24; i++) {
      fake.addPost(UID, { id: postId(i), text: `通报${i}`, createdAt: minutesAfter(i) });
    }
    const first = await weibo.getTimelinePage(UID, 1);
    expect(first.total).toBe(25);
    // The fake wraps every third post in a card_type 11 group: ten means all were unpacked.
    expect(first.posts).toHaveLength(10);
    expect(first.posts[0]).toMatchObject({ id: postId(0), pinned: true });
    expect(first.posts.slice(1).map((p) => p.id)).toEqual(
      [24, 23, 22, 21, 20, 19, 18, 17, 16].map(postId),
    );
    expect(first.sinceId).toBe(postId(16));
    const posts = await allPosts();
    expect(posts.map((p) => p.id).sort()).toEqual(
      Array.from({ length: 25 }, (_, i) => postId(i)).sort(),
    );
    expect(fake.requestsTo('/api/container/getIndex').map((r) => r.query.page)).toEqual([
      '1',
      '1',
      '2',
      '3',
      '4',
    ]);
  });

  it('comments: popularity order over max_id pages, last page max_id 0, and the re-ordering hazard', async () => {
    await startFake({ commentsPageSize: 20 });
    fake.addPost(UID, {
      id: postId(1),
      text: '通报',
      createdAt: T0,
      commentsCountOverride: '1万+',
    });
    for (let i = 0; i < 45; i++) {
      fake.addComment(postId(1), {
        id: String(5_100_000_000_100_000 + i),
        userId: String(6_000_000_000 + i),
        userName: `市民${i}`,
        text: `留言${i}`,
        createdAt: minutesAfter(i),
        likeCount: (i * 37) % 50,
      });
    }
    const [post] = (await weibo.getTimelinePage(UID, 1)).posts;
    expect(post.commentsCount).toBe(10000);
    const { comments, requests } = await allComments(postId(1));
    expect(requests).toBe(3);
    expect(new Set(comments.map((c) => c.id)).size).toBe(45);
    const likes = comments.map((c) => c.likeCount);
    expect(likes).toEqual([...likes].sort((a, b) => b - a));
    expect(fake.requestsTo('/comments/hotflow')[0].query).toEqual({
      id: postId(1),
      mid: postId(1),
      max_id_type: '0',
    });
    expect(fake.requestsTo('/comments/hotflow')[1].query.max_id).toMatch(/^\d+$/);

    // Likes change between pages: a comment jumps ahead of the cursor, another is served twice.
    const page1 = await weibo.getCommentsPage(postId(1));
    const jumper = comments[30].id;
    fake.setLikeCount(jumper, 1000);
    const rest = await allCommentsFrom(postId(1), page1.maxId);
    const seen = [...page1.comments, ...rest].map((c) => c.id);
    expect(seen).not.toContain(jumper);
    expect(seen.length - new Set(seen).size).toBe(1);
  });

  it('replies: the inline sample is not the thread; hotFlowChild pages give all of it', async () => {
    await startFake({ repliesPageSize: 10 });
    fake.addPost(UID, { id: postId(1), text: '通报', createdAt: T0 });
    const root = '5100000000200000';
    fake.addComment(postId(1), {
      id: root,
      userId: '6000000001',
      userName: '市民甲',
      text: '路灯坏了',
      createdAt: minutesAfter(1),
    });
    for (let i = 1; i <= 25; i++) {
      const byLeader = i === 25;
      fake.addReply(root, {
        id: String(Number(root) + i),
        userId: byLeader ? UID : '6000000002',
        userName: byLeader ? '平安某市' : '市民乙',
        text: byLeader ? '已安排民警联系您' : `补充${i}`,
        createdAt: minutesAfter(1 + i),
        replyToCommentId: byLeader ? String(Number(root) + 24) : undefined,
      });
    }
    const [comment] = (await weibo.getCommentsPage(postId(1))).comments;
    expect(comment.replyCount).toBe(25);
    expect(comment.inlineReplies.map((r) => r.id)).toEqual([
      String(Number(root) + 1),
      String(Number(root) + 2),
    ]);

    const thread: WeiboComment[] = [];
    let maxId = '0';
    do {
      const page = await weibo.getRepliesPage(root, maxId, postId(1));
      thread.push(...page.replies);
      maxId = page.maxId;
    } while (maxId !== '0');
    expect(fake.requestsTo('/comments/hotFlowChild')).toHaveLength(3);
    expect(thread).toHaveLength(25);
    expect(thread.every((r) => r.rootId === root && r.postId === postId(1))).toBe(true);
    const leaderReply = thread[24];
    expect(leaderReply).toMatchObject({
      authorUid: UID,
      parentId: String(Number(root) + 24),
      text: '回复@市民乙:已安排民警联系您',
    });
  });

  it('long posts: the timeline text is truncated, statuses/extend has it all', async () => {
    await startFake();
    fake.addPost(UID, {
      id: postId(1),
      text: '【通报】关于近期',
      longText: '【通报】关于近期电信诈骗的提醒<br />请勿向陌生账户转账。',
      isLongText: true,
      createdAt: T0,
    });
    const [post] = (await weibo.getTimelinePage(UID, 1)).posts;
    expect(post).toMatchObject({ isLongText: true, text: '【通报】关于近期...' });
    const full = withLongText(post, await weibo.getLongText(post.id));
    expect(full.text).toBe('【通报】关于近期电信诈骗的提醒\n请勿向陌生账户转账。');
  });

  it('ids beyond 2^53 sent as bare numbers arrive exact', async () => {
    await startFake();
    const bigUid = '98765432109876543210';
    const bigId = '12345678901234567891';
    fake.addUser(bigUid, '大号');
    fake.addPost(bigUid, { id: postId(1), text: 'x', createdAt: T0 });
    fake.addComment(postId(1), {
      id: bigId,
      userId: bigUid,
      userName: '大号',
      text: 'y',
      createdAt: T0,
    });
    const [post] = (await weibo.getTimelinePage(bigUid, 1)).posts;
    expect(post.authorUid).toBe(bigUid);
    const [comment] = (await weibo.getCommentsPage(postId(1))).comments;
    expect([comment.id, comment.rootId, comment.authorUid]).toEqual([bigId, bigId, bigUid]);
  });

  it('relative dates (older responses) are read against the client clock', async () => {
    const now = new Date('2025-01-04T06:07:28Z');
    await startFake({ dateStyle: 'relative', now: () => now }, () => now.getTime());
    const times = [
      new Date(now.getTime() - 20_000), // 刚刚
      new Date(now.getTime() - 5 * 60_000), // 5分钟前
      new Date(now.getTime() - 3 * 3_600_000), // 3小时前
      new Date('2025-01-03T04:00:00Z'), // 昨天 12:00
      new Date('2024-12-24T04:00:00Z'), // 12-24 (day only)
      new Date('2023-04-24T04:00:00Z'), // 2023-04-24
    ];
    times.forEach((createdAt, i) => fake.addPost(UID, { id: postId(i), text: 't', createdAt }));
    const posts = await weibo.getTimelinePage(UID, 1);
    const read = new Map(posts.posts.map((p) => [p.id, p.createdAt.toISOString()]));
    expect(times.map((_, i) => read.get(postId(i)))).toEqual([
      '2025-01-04T06:07:28.000Z',
      '2025-01-04T06:02:28.000Z',
      '2025-01-04T03:07:28.000Z',
      '2025-01-03T04:00:00.000Z',
      '2024-12-23T16:00:00.000Z',
      '2023-04-23T16:00:00.000Z',
    ]);
  });

  it('a post without comments: ok:1 and an empty page, or ok:0 when the fake mimics that', async () => {
    await startFake();
    fake.addPost(UID, { id: postId(1), text: 'x', createdAt: T0 });
    await expect(weibo.getCommentsPage(postId(1))).resolves.toMatchObject({
      comments: [],
      maxId: '0',
    });
    await fake.stop();
    await startFake({ emptyCommentsAsOk0: true });
    fake.addPost(UID, { id: postId(1), text: 'x', createdAt: T0 });
    await expect(weibo.getCommentsPage(postId(1))).rejects.toBeInstanceOf(WeiboEmpty);
  });
});
