import { WEIBO_CLIENT_TUNING } from '../../src/polling/polling.module';
import { FakeWeibo } from '../fake-weibo/fake-weibo-server';
import { createLeader, TestClock, type TestApp, startTestApp } from '../support/test-app';
import { startTestAppWith } from '../support/test-app-overrides';
import { type Exposition, find, parseExposition, value } from './prometheus-parse';

const NOW = new Date('2025-03-10T04:00:00Z');
const at = (iso: string) => new Date(iso);

async function scrape(t: TestApp, headers: Record<string, string> = {}): Promise<Exposition> {
  const response = await t.http.get('/metrics').set(headers).expect(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
  return parseExposition(response.text);
}

describe('GET /metrics after a poll against the fake Weibo and a few requests', () => {
  let weibo: FakeWeibo;
  let host: string;
  let t: TestApp;
  let clock: TestClock;
  let polled: { id: string; weiboUid: string };

  beforeAll(async () => {
    weibo = new FakeWeibo();
    const baseUrl = await weibo.start();
    host = new URL(baseUrl).host;
    clock = new TestClock(NOW);
    t = await startTestAppWith({
      overrides: [
        {
          provide: WEIBO_CLIENT_TUNING,
          useValue: { timeoutMs: 2_000, maxRetries: 2, backoffBaseMs: 1, backoffMaxMs: 5 },
        },
      ],
      clock,
      config: { weiboBaseUrl: baseUrl, weiboMinIntervalMs: 0 },
    });
    polled = await createLeader(t);
    weibo.addUser(polled.weiboUid, '平安A市');
    weibo.addPost(polled.weiboUid, {
      id: '5001',
      text: '春季交通安全提示',
      createdAt: at('2025-03-08T01:00:00Z'),
    });
    weibo.addComment('5001', {
      id: '9001',
      userId: '7001',
      userName: '市民小王',
      text: '我要投诉，小区门口每天晚上都有人飙车炸街，吵得睡不着，派出所也不管',
      createdAt: at('2025-03-08T12:00:00Z'),
      likeCount: 5,
    });
    weibo.addComment('5001', {
      id: '9002',
      userId: '7002',
      userName: '路人',
      text: '辛苦了，感谢交警同志',
      createdAt: at('2025-03-08T13:00:00Z'),
      likeCount: 1,
    });
  });

  afterAll(async () => {
    await t.close();
    await weibo.stop();
  });

  it('exposes every series of SPEC section 11 with the values this run produced', async () => {
    const before = await scrape(t);
    expect(value(before, 'minsheng_audit_verify_ok')).toBe(-1);

    // One Weibo 500 (retried), then a clean poll.
    weibo.failNext(1, 500);
    const poll = await t.http.post(`/api/v1/leaders/${polled.id}/poll`).set(t.admin).expect(200);
    expect(poll.body).toEqual({ posts: 1, comments: 2, cases: 1 });

    // A second feed, due for 90 s by the injected clock.
    const waiting = await createLeader(t);
    await t.db.query(`UPDATE feeds SET next_poll_at = $1 WHERE leader_id = $2`, [
      new Date(NOW.getTime() - 90_000),
      waiting.id,
    ]);

    await t.http.get(`/api/v1/leaders/${polled.id}`).set(t.admin).expect(200);
    await t.http.get(`/api/v1/leaders/${waiting.id}`).set(t.admin).expect(200);
    await t.http
      .get('/api/v1/leaders/00000000-0000-4000-8000-000000000000')
      .set(t.admin)
      .expect(404);
    await t.http.get('/api/v1/no/such/route/123').expect(404);
    await t.http.get('/api/v1/no/other/route/456').expect(404);
    const verify = await t.http.get('/api/v1/audit/verify').set(t.admin).expect(200);
    expect(verify.body.ok).toBe(true);

    const m = await scrape(t);

    // Process figures from prom-client's defaults.
    expect(value(m, 'process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
    expect(find(m, 'nodejs_eventloop_lag_seconds')).toHaveLength(1);

    // HTTP by route template and status: two leaders' GETs are one series, unmatched paths another.
    expect(m.types.get('http_request_duration_seconds')).toBe('histogram');
    const leaderGet = { method: 'GET', route: '/api/v1/leaders/:id' };
    expect(value(m, 'http_request_duration_seconds_count', { ...leaderGet, status: '200' })).toBe(
      2,
    );
    expect(value(m, 'http_request_duration_seconds_count', { ...leaderGet, status: '404' })).toBe(
      1,
    );
    expect(
      value(m, 'http_request_duration_seconds_count', { route: 'unmatched', status: '404' }),
    ).toBe(2);
    expect(
      value(m, 'http_request_duration_seconds_count', {
        method: 'POST',
        route: '/api/v1/leaders/:id/poll',
        status: '200',
      }),
    ).toBe(1);
    const routes = new Set(
      find(m, 'http_request_duration_seconds_count').map((s) => s.labels.route),
    );
    expect([...routes].some((route) => /[0-9a-f]{8}-/.test(route) || route.includes('/no/'))).toBe(
      false,
    );
    const leaderSum = value(m, 'http_request_duration_seconds_sum', {
      ...leaderGet,
      status: '200',
    });
    expect(leaderSum).toBeGreaterThan(0);
    expect(leaderSum).toBeLessThan(60);
    const inf = value(m, 'http_request_duration_seconds_bucket', {
      ...leaderGet,
      status: '200',
      le: '+Inf',
    });
    expect(inf).toBe(2);

    // Polls by outcome; Weibo requests by status (the 500 and every 200 the fake logged).
    expect(value(m, 'minsheng_polls_total', { outcome: 'succeeded' })).toBe(1);
    expect(find(m, 'minsheng_polls_total', { outcome: 'failed' })).toHaveLength(0);
    const served = weibo.requests.filter((r) => r.status === 200).length;
    expect(served).toBeGreaterThanOrEqual(3);
    expect(value(m, 'minsheng_weibo_requests_total', { status: '200' })).toBe(served);
    expect(value(m, 'minsheng_weibo_requests_total', { status: '500' })).toBe(1);

    // The host's back-off state: answered, not paused.
    expect(value(m, 'minsheng_weibo_host_paused', { host })).toBe(0);
    expect(value(m, 'minsheng_weibo_host_consecutive_rate_limits', { host })).toBe(0);
    expect(value(m, 'minsheng_weibo_host_pending_requests', { host })).toBe(0);

    // The polling backlog, by the injected clock: only the second feed is due, for 90 s.
    expect(value(m, 'minsheng_feeds_due')).toBe(1);
    expect(value(m, 'minsheng_oldest_due_feed_age_seconds')).toBe(90);
    clock.advance(30_000);
    const later = await scrape(t);
    expect(value(later, 'minsheng_oldest_due_feed_age_seconds')).toBe(120);

    // Classification time: one observation per comment classified.
    expect(value(m, 'minsheng_classification_duration_seconds_count')).toBeGreaterThanOrEqual(2);
    expect(value(m, 'minsheng_classification_duration_seconds_sum')).toBeGreaterThan(0);

    // Re-classification progress (no job yet) and the last audit verification.
    expect(value(m, 'minsheng_reclassification_running')).toBe(0);
    expect(value(m, 'minsheng_reclassification_comments_total')).toBe(0);
    expect(value(m, 'minsheng_reclassification_comments_processed')).toBe(0);
    expect(value(m, 'minsheng_audit_verify_ok')).toBe(1);
    expect(value(m, 'minsheng_audit_verify_checked_events')).toBe(verify.body.checked);
    expect(value(m, 'minsheng_audit_verify_timestamp_seconds')).toBe(NOW.getTime() / 1000);
    expect(value(m, 'minsheng_metrics_scrape_errors')).toBe(0);
  });

  it('is in the OpenAPI document', async () => {
    const doc = await t.http.get('/docs/json').expect(200);
    expect(doc.body.paths['/metrics']?.get).toBeDefined();
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  const token = 'scrape-token-0123456789abcdef';
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ config: { metricsToken: token } });
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers 401 without the bearer token, with another one or with an API key', async () => {
    await t.http.get('/metrics').expect(401);
    await t.http.get('/metrics').set({ Authorization: 'Bearer not-the-token-at-all' }).expect(401);
    await t.http
      .get('/metrics')
      .set({ Authorization: `Basic ${token}` })
      .expect(401);
    await t.http.get('/metrics').set(t.admin).expect(401);
  });

  it('serves the metrics with it', async () => {
    const m = await scrape(t, { Authorization: `Bearer ${token}` });
    expect(value(m, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(
      value(m, 'http_request_duration_seconds_count', {
        method: 'GET',
        route: '/metrics',
        status: '401',
      }),
    ).toBe(4);
  });
});
