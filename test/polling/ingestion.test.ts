import { FakeWeibo } from '../fake-weibo/fake-weibo-server';
import { createLeader, startTestApp, TestClock, type TestApp } from '../support/test-app';

const at = (iso: string) => new Date(iso);

describe('ingestion from the fake Weibo, end to end', () => {
  let weibo: FakeWeibo;
  let t: TestApp;
  let leader: { id: string; weiboUid: string };

  beforeAll(async () => {
    weibo = new FakeWeibo();
    const baseUrl = await weibo.start();
    t = await startTestApp({
      clock: new TestClock(at('2025-03-10T04:00:00Z')),
      config: { weiboBaseUrl: baseUrl, weiboMinIntervalMs: 0 },
    });
    leader = await createLeader(t);
    weibo.addUser(leader.weiboUid, '平安A市');
    weibo.addPost(leader.weiboUid, {
      id: '5001',
      text: '春季交通安全提示',
      createdAt: at('2025-03-03T01:00:00Z'),
    });
    weibo.addComment('5001', {
      id: '9001',
      userId: '7001',
      userName: '市民小王',
      text: '我要投诉，小区门口每天晚上都有人飙车炸街，吵得睡不着，派出所也不管',
      createdAt: at('2025-03-03T12:00:00Z'),
      likeCount: 5,
    });
    weibo.addComment('5001', {
      id: '9002',
      userId: '7002',
      userName: '路人',
      text: '辛苦了，感谢交警同志<img alt=[赞] src="x.png">',
      createdAt: at('2025-03-03T13:00:00Z'),
      likeCount: 1,
    });
    weibo.addReply('9001', {
      id: '9101',
      userId: leader.weiboUid,
      userName: '平安A市',
      text: '回复@市民小王:已安排辖区派出所今晚在小区门口设卡查处，感谢反映',
      createdAt: at('2025-03-04T02:00:00Z'),
    });
  });

  afterAll(async () => {
    await t.close();
    await weibo.stop();
  });

  it('stores posts and comments, opens a case for the complaint and takes the leader reply as its response', async () => {
    const first = await t.http.post(`/api/v1/leaders/${leader.id}/poll`).set(t.admin).expect(200);
    expect(first.body).toEqual({ posts: 1, comments: 3, cases: 1 });

    const cases = await t.db.query<{
      status: string;
      first_response_by: string;
      first_response_ref: string;
      kind: string;
    }>(
      `SELECT status, first_response_by, first_response_ref, kind FROM cases WHERE leader_id = $1`,
      [leader.id],
    );
    expect(cases).toEqual([
      {
        status: 'responded',
        first_response_by: 'leader',
        first_response_ref: '9101',
        kind: 'complaint',
      },
    ]);

    const again = await t.http.post(`/api/v1/leaders/${leader.id}/poll`).set(t.admin).expect(200);
    expect(again.body).toEqual({ posts: 0, comments: 0, cases: 0 });
    const [{ n }] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM comments`);
    expect(n).toBe(3);

    const feed = await t.http.get(`/api/v1/leaders/${leader.id}/feed`).set(t.admin).expect(200);
    expect(feed.body).toMatchObject({
      status: 'ok',
      lastError: null,
      consecutiveFailures: 0,
      coverage: { numerator: 3 },
    });
  });
});
