/**
 * Each way Weibo fails, hit in the middle of a backfill: the manual poll is a
 * 502 that names the failure (never a 500), the feed row records it, what was
 * stored before the failure stays stored, and the next poll completes the
 * store to exactly what a clean poll of the same feed stores.
 */
import { WEIBO_CLIENT_TUNING, type WeiboClientTuning } from '../../src/polling/polling.module';
import { FakeWeibo, type FailureMode } from '../fake-weibo/fake-weibo-server';
import {
  seedLeaderFeed,
  storeSnapshot,
  type SeededFeed,
  type StoreSnapshot,
} from '../support/feed-fixture';
import { createLeader, TestClock, type TestApp } from '../support/test-app';
import { startTestAppWith } from '../support/test-app-overrides';

const NOW = new Date('2025-03-10T04:00:00Z');
/** Three attempts per request, short time-outs and pauses: a fault costs milliseconds. */
const TUNING: WeiboClientTuning = {
  timeoutMs: 300,
  maxRetries: 2,
  backoffBaseMs: 10,
  backoffMaxMs: 40,
};

interface Counts {
  posts: number;
  comments: number;
  cases: number;
}

interface Fault {
  mode: FailureMode;
  /** Where the fault sits, for the test's name. */
  at: string;
  path: (feed: SeededFeed) => RegExp;
  code: string;
  feedStatus: 'failing' | 'empty';
  /** Posts committed before the fault (ids stored at all, complete or not). */
  postsBefore: number;
}

const hotflowPage2 = (f: SeededFeed) =>
  new RegExp(`^/comments/hotflow\\?id=${f.busyPostId}&.*&max_id=\\d`);
const threadPage2 = (f: SeededFeed) =>
  new RegExp(`^/comments/hotFlowChild\\?cid=${f.longThreadRootId}&max_id=[1-9]`);
const threadPage1 = (f: SeededFeed) =>
  new RegExp(`^/comments/hotFlowChild\\?cid=${f.longThreadRootId}&max_id=0&`);
const timelinePage = (page: number) => (f: SeededFeed) =>
  new RegExp(`^/api/container/getIndex\\?containerid=107603${f.uid}&page=${page}$`);

const FAULTS: Fault[] = [
  {
    mode: 418,
    at: 'hotflow page 2',
    path: hotflowPage2,
    code: 'WEIBO_RATE_LIMITED',
    feedStatus: 'failing',
    postsBefore: 3,
  },
  {
    mode: 432,
    at: 'hotFlowChild page 2',
    path: threadPage2,
    code: 'WEIBO_RATE_LIMITED',
    feedStatus: 'failing',
    postsBefore: 3,
  },
  {
    mode: 403,
    at: 'timeline page 2',
    path: timelinePage(2),
    code: 'WEIBO_FORBIDDEN',
    feedStatus: 'failing',
    postsBefore: 2,
  },
  {
    mode: 500,
    at: 'hotflow page 2',
    path: hotflowPage2,
    code: 'WEIBO_UNAVAILABLE',
    feedStatus: 'failing',
    postsBefore: 3,
  },
  {
    mode: 502,
    at: 'statuses/extend',
    path: (f) => new RegExp(`^/statuses/extend\\?id=${f.longPostId}$`),
    code: 'WEIBO_UNAVAILABLE',
    feedStatus: 'failing',
    postsBefore: 2,
  },
  {
    mode: 'hang',
    at: 'hotflow page 2',
    path: hotflowPage2,
    code: 'WEIBO_UNAVAILABLE',
    feedStatus: 'failing',
    postsBefore: 3,
  },
  {
    mode: 'html',
    at: 'hotFlowChild page 1',
    path: threadPage1,
    code: 'WEIBO_NOT_JSON',
    feedStatus: 'failing',
    postsBefore: 3,
  },
  {
    mode: 'ok0',
    at: 'timeline page 1',
    path: timelinePage(1),
    code: 'WEIBO_EMPTY',
    feedStatus: 'empty',
    postsBefore: 0,
  },
];

describe('Weibo faults in the middle of a poll', () => {
  let weibo: FakeWeibo;
  let t: TestApp;
  let serial = 100;
  let control: { snapshot: StoreSnapshot; counts: Counts; coverage: unknown };

  /** A leader whose fake feed is the control's, under its own id prefix. */
  async function leaderWithFeed(): Promise<{ id: string; feed: SeededFeed }> {
    const prefix = String(serial++);
    const leader = await createLeader(t);
    const feed = seedLeaderFeed(weibo, { uid: leader.weiboUid, prefix, now: NOW });
    return { id: leader.id, feed };
  }

  const poll = (leaderId: string) => t.http.post(`/api/v1/leaders/${leaderId}/poll`).set(t.admin);
  const feedView = async (leaderId: string) =>
    (await t.http.get(`/api/v1/leaders/${leaderId}/feed`).set(t.admin).expect(200)).body as {
      status: string;
      lastError: string | null;
      consecutiveFailures: number;
      backoffUntil: string | null;
      lastSuccessAt: string | null;
      coverage: { value: number | null; numerator: number; denominator: number };
    };
  const add = (a: Counts, b: Counts): Counts => ({
    posts: a.posts + b.posts,
    comments: a.comments + b.comments,
    cases: a.cases + b.cases,
  });

  beforeAll(async () => {
    weibo = new FakeWeibo({ timelinePageSize: 2 });
    const baseUrl = await weibo.start();
    t = await startTestAppWith({
      overrides: [{ provide: WEIBO_CLIENT_TUNING, useValue: TUNING }],
      clock: new TestClock(NOW),
      config: { weiboBaseUrl: baseUrl, weiboMinIntervalMs: 0 },
    });
    const leader = await leaderWithFeed();
    const response = await poll(leader.id).expect(200);
    const counts = response.body as Counts;
    const snapshot = await storeSnapshot(t.db, leader.id, leader.feed.prefix);
    control = { snapshot, counts, coverage: (await feedView(leader.id)).coverage };
    // The control itself is what the fixture promises.
    expect(counts.posts).toBe(4);
    expect(counts.comments).toBe(leader.feed.expectedComments);
    expect(counts.cases).toBeGreaterThan(10);
    expect(snapshot.comments).toHaveLength(leader.feed.expectedComments);
    expect(snapshot.cases.some((c) => c.includes(':responded:'))).toBe(true);
    const tracked = leader.feed.trackedComments;
    expect(control.coverage).toEqual({ value: 1, numerator: tracked, denominator: tracked });
  });

  afterAll(async () => {
    await t?.close();
    await weibo?.stop();
  });

  afterEach(() => weibo.clearFailures());

  it.each(FAULTS.map((f) => [`${String(f.mode)} at ${f.at}`, f] as const))(
    '%s: 502 with the reason, feed records it, the next poll completes the store',
    async (_name, fault) => {
      const leader = await leaderWithFeed();
      weibo.failPath(fault.path(leader.feed), fault.mode, 100);

      const failed = await poll(leader.id);
      expect(failed.status).toBe(502);
      expect(failed.body).toMatchObject({ statusCode: 502, error: fault.code });
      expect(failed.body.message).toMatch(/^Weibo did not answer as expected: /);
      const stored = (failed.body as { details: { stored: Counts } }).details.stored;
      expect(stored.posts).toBe(fault.postsBefore);

      const view = await feedView(leader.id);
      expect(view.status).toBe(fault.feedStatus);
      expect(view.lastError).toMatch(new RegExp(`^${fault.code}: `));
      expect(view.consecutiveFailures).toBe(1);
      expect(view.lastSuccessAt).toBeNull();
      expect(new Date(view.backoffUntil ?? 0).getTime()).toBeGreaterThan(NOW.getTime());
      // /health counts it under its status; every active feed is counted under one.
      const feeds = (await t.http.get('/health').expect(200)).body.feeds as Record<string, number>;
      expect(feeds[fault.feedStatus]).toBe(1);
      expect(feeds.ok + feeds.failing + feeds.empty + feeds.pending).toBe(feeds.total);

      // What the failed poll stored is part of the clean store, counted once.
      const partial = await storeSnapshot(t.db, leader.id, leader.feed.prefix);
      expect(partial.posts).toHaveLength(fault.postsBefore);
      expect(partial.comments).toHaveLength(stored.comments);
      expect(partial.cases).toHaveLength(stored.cases);
      for (const id of partial.comments) {
        expect(control.snapshot.comments).toContain(id);
      }

      weibo.clearFailures();
      const recovered = await poll(leader.id).expect(200);
      expect(add(stored, recovered.body as Counts)).toEqual(control.counts);
      expect(await storeSnapshot(t.db, leader.id, leader.feed.prefix)).toEqual(control.snapshot);

      const after = await feedView(leader.id);
      expect(after).toMatchObject({
        status: 'ok',
        consecutiveFailures: 0,
        backoffUntil: null,
        coverage: control.coverage,
      });
      expect(after.lastSuccessAt).not.toBeNull();
    },
  );

  it('ok:0 in the middle of the comment pages reads as their end: the poll succeeds, coverage says what is missing, the next poll completes it', async () => {
    const leader = await leaderWithFeed();
    weibo.failPath(hotflowPage2(leader.feed), 'ok0', 1);
    const first = (await poll(leader.id).expect(200)).body as Counts;
    expect(first.comments).toBeLessThan(control.counts.comments);
    const view = await feedView(leader.id);
    expect(view.status).toBe('ok');
    expect(view.coverage.value).toBeLessThan(1);
    expect(view.coverage.denominator).toBe(leader.feed.trackedComments);

    const second = (await poll(leader.id).expect(200)).body as Counts;
    expect(add(first, second)).toEqual(control.counts);
    expect(await storeSnapshot(t.db, leader.id, leader.feed.prefix)).toEqual(control.snapshot);
    expect((await feedView(leader.id)).coverage).toEqual(control.coverage);
  });

  it.each([
    [500, 'a 5xx'],
    [418, 'a rate limit'],
    ['html', 'a captcha page'],
  ] as const)('a single %s (%s) is retried through: the poll succeeds', async (mode, _what) => {
    const leader = await leaderWithFeed();
    weibo.failPath(hotflowPage2(leader.feed), mode, 1);
    const response = await poll(leader.id).expect(200);
    expect(response.body).toEqual(control.counts);
    expect(await storeSnapshot(t.db, leader.id, leader.feed.prefix)).toEqual(control.snapshot);
    const retried = weibo.requests.filter(
      (r) =>
        r.failure === mode &&
        hotflowPage2(leader.feed).test(`${r.path}?${new URLSearchParams(r.query).toString()}`),
    );
    expect(retried).toHaveLength(1);
  });

  it('a failure on every request fails the poll again, counts consecutive failures and lengthens the back-off', async () => {
    const leader = await leaderWithFeed();
    weibo.failPath(/./, 500, 1000);
    await poll(leader.id).expect(502);
    const first = await feedView(leader.id);
    await poll(leader.id).expect(502);
    const second = await feedView(leader.id);
    expect(second.consecutiveFailures).toBe(2);
    expect(new Date(second.backoffUntil ?? 0).getTime()).toBeGreaterThan(
      new Date(first.backoffUntil ?? 0).getTime(),
    );
    const [{ n }] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM posts WHERE leader_id = $1`,
      [leader.id],
    );
    expect(n).toBe(0);
  });
});
