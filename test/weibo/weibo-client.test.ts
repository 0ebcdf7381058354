/**
 * WeiboClient against the fake m.weibo.cn: every failure mode of SPEC
 * section 2, and the politeness the client promises, read from the fake's
 * request log (lower bounds only; nothing here asserts speed).
 */
import {
  WeiboEmpty,
  WeiboError,
  WeiboForbidden,
  WeiboNotJson,
  WeiboRateLimited,
  WeiboUnavailable,
} from '../../src/weibo/weibo-errors';
import {
  WeiboClient,
  type WeiboClientOptions,
  type WeiboLogger,
} from '../../src/weibo/weibo-client';
import { FakeWeibo, type LoggedRequest } from '../fake-weibo/fake-weibo-server';

const UID = '1234567890';
const POST = '5100000000000001';
const T0 = new Date('2025-01-04T06:07:28Z');
const minutesAfter = (m: number): Date => new Date(T0.getTime() + m * 60_000);

function seed(fake: FakeWeibo): void {
  fake.addUser(UID, '平安某市');
  fake.addPost(UID, { id: POST, text: '警情通报', createdAt: T0 });
  fake.addComment(POST, {
    id: '5100000000000100',
    userId: '6000000001',
    userName: '市民甲',
    text: '路灯坏了',
    createdAt: minutesAfter(1),
  });
}

async function caught(promise: Promise<unknown>): Promise<WeiboError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WeiboError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a WeiboError');
}

/** Time from the end of one logged request to the start of the next. */
function gaps(log: LoggedRequest[]): number[] {
  const sorted = [...log].sort((a, b) => a.at - b.at);
  return sorted.slice(1).map((r, i) => r.at - (sorted[i].finishedAt ?? Number.POSITIVE_INFINITY));
}

describe('WeiboClient against the fake m.weibo.cn', () => {
  let fake: FakeWeibo;
  let baseUrl: string;
  const warnings: string[] = [];
  const logger: WeiboLogger = {
    info: () => undefined,
    warn: (_o, msg) => warnings.push(msg),
    error: () => undefined,
  };

  const client = (over: Partial<WeiboClientOptions> = {}): WeiboClient =>
    new WeiboClient({
      baseUrl,
      minIntervalMs: 0,
      timeoutMs: 1000,
      maxRetries: 3,
      backoffBaseMs: 20,
      backoffMaxMs: 200,
      random: () => 1, // jitter at its top: back-off = the full exponential step
      logger,
      ...over,
    });

  beforeEach(async () => {
    fake = new FakeWeibo();
    seed(fake);
    baseUrl = await fake.start();
    warnings.length = 0;
  });

  afterEach(async () => {
    await fake.stop();
  });

  it('sends browser-like headers and the cookie', async () => {
    await client({ cookie: 'SUB=abc; _T_WM=1' }).getTimelinePage(UID, 1);
    const { headers, query, path } = fake.requests[0];
    expect(path).toBe('/api/container/getIndex');
    expect(query).toEqual({ containerid: `107603${UID}`, page: '1' });
    expect(headers['user-agent']).toMatch(/iPhone.*Mobile/);
    expect(headers.referer).toBe('https://m.weibo.cn/');
    expect(headers['x-requested-with']).toBe('XMLHttpRequest');
    expect(headers['mweibo-pwa']).toBe('1');
    expect(headers.cookie).toBe('SUB=abc; _T_WM=1');
  });

  describe('rate limits (418, 432)', () => {
    it.each([418, 432] as const)('%d pauses the host, then the retry succeeds', async (status) => {
      fake.failNext(1, status);
      let stateDuringPause: ReturnType<WeiboClient['hostState']> | null = null;
      const weibo: WeiboClient = client({
        backoffBaseMs: 150,
        backoffMaxMs: 1000,
        logger: { ...logger, warn: () => (stateDuringPause = weibo.hostState()) },
      });
      const page = await weibo.getTimelinePage(UID, 1);
      expect(page.posts.map((p) => p.id)).toEqual([POST]);
      expect(fake.requests.map((r) => r.status)).toEqual([status, 200]);
      expect(gaps(fake.requests)[0]).toBeGreaterThanOrEqual(150);
      expect(stateDuringPause).toMatchObject({
        consecutiveRateLimits: 1,
        pausedUntil: expect.any(Date),
      });
      expect(weibo.hostState()).toMatchObject({ consecutiveRateLimits: 0, pausedUntil: null });
    });

    it('pauses the whole host: a request from another caller waits too', async () => {
      fake.failPath(/^\/comments\/hotflow/, 418, 1);
      fake.setLatency(20);
      const weibo = client({ backoffBaseMs: 200, backoffMaxMs: 1000 });
      const comments = weibo.getCommentsPage(POST);
      const timeline = weibo.getTimelinePage(UID, 1);
      const [commentsPage] = await Promise.all([comments, timeline]);
      expect(commentsPage.comments).toHaveLength(1);
      const [limited, other, retried] = fake.requests;
      expect([limited.status, other.path, retried.path]).toEqual([
        418,
        '/api/container/getIndex',
        '/comments/hotflow',
      ]);
      expect(other.at - (limited.finishedAt ?? Infinity)).toBeGreaterThanOrEqual(200);
      expect(weibo.hostState().consecutiveRateLimits).toBe(0);
    });

    it('backs off exponentially on consecutive rate limits', async () => {
      fake.failNext(3, 432);
      const weibo = client({ backoffBaseMs: 50, backoffMaxMs: 1000 });
      await weibo.getTimelinePage(UID, 1);
      const [first, second, third] = gaps(fake.requests);
      expect(first).toBeGreaterThanOrEqual(50);
      expect(second).toBeGreaterThanOrEqual(100);
      expect(third).toBeGreaterThanOrEqual(200);
    });

    it('gives up after maxRetries and leaves the host paused for the feed status', async () => {
      fake.failNext(10, 418);
      const weibo = client({ maxRetries: 2, backoffBaseMs: 100, backoffMaxMs: 5000 });
      const error = await caught(weibo.getTimelinePage(UID, 1));
      expect(error).toBeInstanceOf(WeiboRateLimited);
      expect(error).toMatchObject({
        code: 'rate_limited',
        retryable: true,
        attempts: 3,
        status: 418,
      });
      expect(error.path).toBe(`/api/container/getIndex?containerid=107603${UID}&page=1`);
      expect(fake.requests).toHaveLength(3);
      const state = weibo.hostState();
      expect(state.consecutiveRateLimits).toBe(3);
      expect(state.pausedUntil?.getTime()).toBe((error as WeiboRateLimited).pausedUntil?.getTime());
      expect(state.pausedUntil!.getTime()).toBeGreaterThan(Date.now());
    });
  });

  it('403 throws WeiboForbidden without retrying', async () => {
    fake.failNext(1, 403);
    const error = await caught(client().getCommentsPage(POST));
    expect(error).toBeInstanceOf(WeiboForbidden);
    expect(error).toMatchObject({ code: 'forbidden', retryable: false, status: 403 });
    expect(fake.requests).toHaveLength(1);
  });

  describe('server errors (500, 502)', () => {
    it.each([500, 502] as const)('%d is retried with back-off, then succeeds', async (status) => {
      fake.failNext(2, status);
      const page = await client({ backoffBaseMs: 40 }).getCommentsPage(POST);
      expect(page.comments.map((c) => c.id)).toEqual(['5100000000000100']);
      expect(fake.requests.map((r) => r.status)).toEqual([status, status, 200]);
      const [first, second] = gaps(fake.requests);
      expect(first).toBeGreaterThanOrEqual(40);
      expect(second).toBeGreaterThanOrEqual(80);
      expect(warnings).toEqual(['weibo request retried', 'weibo request retried']);
    });

    it('gives up with WeiboUnavailable after maxRetries', async () => {
      fake.failNext(10, 502);
      const error = await caught(client({ maxRetries: 2 }).getCommentsPage(POST));
      expect(error).toBeInstanceOf(WeiboUnavailable);
      expect(error).toMatchObject({
        code: 'unavailable',
        status: 502,
        attempts: 3,
        retryable: true,
      });
      expect(fake.requests).toHaveLength(3);
    });
  });

  describe('time-outs', () => {
    it('a hanging request times out and is retried', async () => {
      fake.failNext(1, 'hang');
      const page = await client({ timeoutMs: 200 }).getTimelinePage(UID, 1);
      expect(page.posts).toHaveLength(1);
      expect(fake.requests.map((r) => r.failure)).toEqual(['hang', null]);
      // The client abandoned the hung request before the retry started: no overlap.
      expect(gaps(fake.requests)[0]).toBeGreaterThanOrEqual(0);
    });

    it('gives up with WeiboUnavailable when every attempt hangs', async () => {
      fake.failNext(10, 'hang');
      const error = await caught(client({ timeoutMs: 100, maxRetries: 1 }).getTimelinePage(UID, 1));
      expect(error).toBeInstanceOf(WeiboUnavailable);
      expect(error.message).toMatch(/timed out/);
      expect(error).toMatchObject({ status: null, attempts: 2 });
      expect(fake.requests).toHaveLength(2);
    });
  });

  describe('bodies that are not JSON (captcha, login page)', () => {
    it('are retried and then succeed', async () => {
      fake.failNext(1, 'html');
      await expect(client().getLongText(POST)).resolves.toBe('警情通报');
      expect(fake.requests).toHaveLength(2);
    });

    it('give up with WeiboNotJson and a snippet of the page', async () => {
      fake.failNext(10, 'html');
      const error = await caught(client({ maxRetries: 1 }).getTimelinePage(UID, 1));
      expect(error).toBeInstanceOf(WeiboNotJson);
      expect((error as WeiboNotJson).snippet).toMatch(/验证码/);
      expect(fake.requests).toHaveLength(2);
    });
  });

  describe('ok:0', () => {
    it('is WeiboEmpty with the message, not retried', async () => {
      fake.failNext(1, 'ok0');
      const error = await caught(client().getTimelinePage(UID, 1));
      expect(error).toBeInstanceOf(WeiboEmpty);
      expect(error).toMatchObject({ code: 'empty', retryable: false, msg: '这里还没有内容' });
      expect(fake.requests).toHaveLength(1);
    });

    it('is what an unknown account gives', async () => {
      const error = await caught(client().getTimelinePage('999', 1));
      expect(error).toBeInstanceOf(WeiboEmpty);
      expect(fake.requests).toHaveLength(1);
    });
  });

  describe('politeness', () => {
    it('two concurrent callers: no overlapping requests, gaps of at least minIntervalMs', async () => {
      fake.setLatency(30);
      fake.failPath(/hotflow/, 500, 1);
      const weibo = client({ minIntervalMs: 80, backoffBaseMs: 10 });
      const caller = async (n: number, read: () => Promise<unknown>): Promise<void> => {
        for (let i = 0; i < n; i++) {
          await read();
        }
      };
      await Promise.all([
        caller(3, () => weibo.getTimelinePage(UID, 1)),
        caller(3, () => weibo.getCommentsPage(POST)),
      ]);
      expect(fake.requests).toHaveLength(7);
      for (const gap of gaps(fake.requests)) {
        expect(gap).toBeGreaterThanOrEqual(80); // also proves no overlap
      }
    });

    it('reports the queue in hostState', async () => {
      fake.setLatency(30);
      const weibo = client({ minIntervalMs: 10 });
      const all = Promise.all([weibo.getTimelinePage(UID, 1), weibo.getTimelinePage(UID, 1)]);
      expect(weibo.hostState()).toMatchObject({
        host: new URL(baseUrl).host,
        pending: 2,
        pausedUntil: null,
      });
      await all;
      expect(weibo.hostState().pending).toBe(0);
      expect(weibo.hostState().lastRequestEndedAt).toBeInstanceOf(Date);
    });
  });

  it('rejects ids that are not ids before asking Weibo', async () => {
    await expect(client().getCommentsPage('1&x=2')).rejects.toThrow(RangeError);
    await expect(client().getTimelinePage(UID, 0)).rejects.toThrow(RangeError);
    expect(fake.requests).toHaveLength(0);
  });
});
