/**
 * Failures that are not Weibo's: an internal error while storing (recorded on
 * the feed, a 500 with a correlation id on the manual poll, and the cycle
 * goes on with the other feeds), and a lease lost in the middle of a poll
 * (the poller stops writing at once).
 */
import { CaseIntakeService } from '../../src/cases/case-intake.service';
import type { Sql } from '../../src/database/database';
import type { WeiboSource } from '../../src/polling/harvest';
import { type FeedOwner, MessageSink, type StoredComment } from '../../src/cases/message-sink';
import { PollService, WEIBO_SOURCE } from '../../src/polling/poll.service';
import { WeiboClient } from '../../src/weibo/weibo-client';
import { FakeWeibo } from '../fake-weibo/fake-weibo-server';
import { createLeader, TestClock, type TestApp } from '../support/test-app';
import { startTestAppWith } from '../support/test-app-overrides';

const NOW = new Date('2025-03-10T04:00:00Z');
const HOUR = 3_600_000;

/** The real case intake, made to fail for chosen leaders. */
class FlakySink extends MessageSink {
  inner: MessageSink | null = null;
  readonly failFor = new Set<string>();
  accept(tx: Sql, owner: FeedOwner, comments: StoredComment[]) {
    if (this.failFor.has(owner.leaderId)) {
      return Promise.reject(new Error('classifier exploded'));
    }
    if (!this.inner) {
      throw new Error('FlakySink used before the app started');
    }
    return this.inner.accept(tx, owner, comments);
  }
}

/** The real client, with an awaited hook before each comment page. */
class HookedSource implements WeiboSource {
  beforeCommentsPage: ((mid: string) => Promise<void>) | null = null;
  constructor(private readonly client: WeiboClient) {}
  getTimelinePage(uid: string, page: number) {
    return this.client.getTimelinePage(uid, page);
  }
  async getCommentsPage(mid: string, maxId?: string) {
    await this.beforeCommentsPage?.(mid);
    return this.client.getCommentsPage(mid, maxId);
  }
  getRepliesPage(rootCommentId: string, maxId?: string, postId?: string) {
    return this.client.getRepliesPage(rootCommentId, maxId, postId);
  }
  getLongText(id: string) {
    return this.client.getLongText(id);
  }
}

describe('failures that are not Weibo’s', () => {
  let weibo: FakeWeibo;
  let t: TestApp;
  let sink: FlakySink;
  let source: HookedSource;
  let serial = 0;

  /** A leader with two posts of two comments each; returns the post ids, newest first. */
  async function leaderWithPosts(): Promise<{ id: string; weiboUid: string; posts: string[] }> {
    const leader = await createLeader(t);
    weibo.addUser(leader.weiboUid, '平安F市');
    const posts: string[] = [];
    for (let p = 0; p < 2; p++) {
      const postId = String(6_000_000_000 + ++serial * 100);
      posts.push(postId);
      weibo.addPost(leader.weiboUid, {
        id: postId,
        text: '通告',
        createdAt: new Date(NOW.getTime() - (p + 1) * 24 * HOUR),
      });
      for (let c = 1; c <= 2; c++) {
        weibo.addComment(postId, {
          id: String(Number(postId) + c),
          userId: String(8_500_000_000 + c),
          userName: `网友${c}`,
          text: '我要投诉，小区门口每天晚上都有人飙车炸街',
          createdAt: new Date(NOW.getTime() - (p + 1) * 24 * HOUR + c * HOUR),
        });
      }
    }
    return { ...leader, posts };
  }

  const count = async (table: 'posts' | 'comments' | 'cases', leaderId: string) =>
    (
      await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${table} WHERE leader_id = $1`,
        [leaderId],
      )
    )[0].n;

  beforeAll(async () => {
    weibo = new FakeWeibo();
    const baseUrl = await weibo.start();
    sink = new FlakySink();
    source = new HookedSource(new WeiboClient({ baseUrl, minIntervalMs: 0, maxRetries: 0 }));
    t = await startTestAppWith({
      overrides: [
        { provide: MessageSink, useValue: sink },
        { provide: WEIBO_SOURCE, useValue: source },
      ],
      clock: new TestClock(NOW),
      config: { weiboBaseUrl: baseUrl },
    });
    sink.inner = t.app.get(CaseIntakeService);
  });

  afterAll(async () => {
    await t?.close();
    await weibo?.stop();
  });

  it('an internal error while storing: a 500 with a correlation id, recorded on the feed, the post rolled back', async () => {
    const leader = await leaderWithPosts();
    sink.failFor.add(leader.id);
    const response = await t.http
      .post(`/api/v1/leaders/${leader.id}/poll`)
      .set(t.admin)
      .expect(500);
    expect(response.body).toMatchObject({ error: 'INTERNAL' });
    expect(response.body.correlationId).toEqual(expect.any(String));
    expect(JSON.stringify(response.body)).not.toContain('exploded');
    // The post's transaction rolled back whole: no post, comment or case.
    expect(await count('posts', leader.id)).toBe(0);
    expect(await count('comments', leader.id)).toBe(0);
    const view = await t.http.get(`/api/v1/leaders/${leader.id}/feed`).set(t.admin).expect(200);
    expect(view.body).toMatchObject({
      status: 'failing',
      lastError: 'INGESTION_FAILED: classifier exploded',
      consecutiveFailures: 1,
    });

    sink.failFor.delete(leader.id);
    const retried = await t.http.post(`/api/v1/leaders/${leader.id}/poll`).set(t.admin).expect(200);
    expect(retried.body).toEqual({ posts: 2, comments: 4, cases: 4 });
  });

  it('a cycle goes on past a feed that fails', async () => {
    const failing = await leaderWithPosts();
    const healthy = await leaderWithPosts();
    sink.failFor.add(failing.id);
    await t.db.execute(`UPDATE feeds SET next_poll_at = $1 WHERE status = 'pending'`, [
      new Date(NOW.getTime() - 1000),
    ]);
    const cycle = await t.app.get(PollService).runCycle();
    sink.failFor.delete(failing.id);
    expect(cycle).toMatchObject({ polled: 2, failed: 1 });
    expect(await count('comments', healthy.id)).toBe(4);
    expect(await count('cases', healthy.id)).toBe(4);
    const [row] = await t.db.query<{ status: string; last_error: string }>(
      `SELECT status, last_error FROM feeds WHERE leader_id = $1`,
      [failing.id],
    );
    expect(row).toEqual({ status: 'failing', last_error: 'INGESTION_FAILED: classifier exploded' });
  });

  it('a lease lost in the middle of a poll: the poller stores nothing more and leaves the feed row to the new holder', async () => {
    const leader = await leaderWithPosts();
    // While the second post is read, another instance takes the feed over
    // (this one's lease expired, say, during a long rate-limit pause).
    source.beforeCommentsPage = async (mid) => {
      if (mid === leader.posts[1]) {
        await t.db.execute(
          `UPDATE feeds SET lease_owner = 'thief:1:0000', lease_expires_at = $2 WHERE leader_id = $1`,
          [leader.id, new Date(NOW.getTime() + 600_000)],
        );
      }
    };
    try {
      const response = await t.http
        .post(`/api/v1/leaders/${leader.id}/poll`)
        .set(t.admin)
        .expect(409);
      expect(response.body.error).toBe('POLL_IN_PROGRESS');
    } finally {
      source.beforeCommentsPage = null;
    }
    // The first post was stored under the lease; the second was fenced off.
    const posts = await t.db.query<{ id: string }>(`SELECT id FROM posts WHERE leader_id = $1`, [
      leader.id,
    ]);
    expect(posts.map((p) => p.id)).toEqual([leader.posts[0]]);
    const [row] = await t.db.query<{ lease_owner: string; polls: number; status: string }>(
      `SELECT lease_owner, polls, status FROM feeds WHERE leader_id = $1`,
      [leader.id],
    );
    expect(row).toEqual({ lease_owner: 'thief:1:0000', polls: 0, status: 'pending' });
  });
});
