import { WEIBO_CLIENT_TUNING } from '../../src/polling/polling.module';
import { FakeWeibo } from '../fake-weibo/fake-weibo-server';
import { startTestAppWith } from '../support/test-app-overrides';
import { createLeader, issueKey, TestClock, type TestApp } from '../support/test-app';

const at = (iso: string) => new Date(iso);

interface CaseView {
  id: string;
  status: string;
  firstResponseBy: string | null;
  firstResponseEvidence: { weiboReplyId?: string; withdrawnAt?: string | null } | null;
  message: { weiboId: string; withdrawnAt: string | null };
  auditEvents?: { action: string; after: Record<string, unknown> }[];
}

/**
 * Withdrawn content against the fake m.weibo.cn, one poll after another: a
 * citizen deleting a comment, the leader deleting a reply that answered a
 * case, a comment left out of one flaky read, a deleted comment that comes
 * back, a read that fails part-way.
 */
describe('withdrawn content: comments and replies that disappear from Weibo', () => {
  let weibo: FakeWeibo;
  let t: TestApp;
  let clock: TestClock;
  let leader: { id: string; weiboUid: string };
  let auditor: { Authorization: string };
  const caseOf = new Map<string, string>();
  const pollTimes: Date[] = [];

  const poll = async (expected = 200) => {
    clock.advance(600_000);
    pollTimes.push(clock.now());
    await t.http.post(`/api/v1/leaders/${leader.id}/poll`).set(t.admin).expect(expected);
  };
  const view = async (commentId: string): Promise<CaseView> => {
    const response = await t.http
      .get(`/api/v1/cases/${caseOf.get(commentId)}`)
      .set(auditor)
      .expect(200);
    return response.body as CaseView;
  };
  const marks = async (id: string) =>
    (
      await t.db.query<{
        missed_at: Date | null;
        withdrawn_at: Date | null;
        reappeared_at: Date | null;
      }>(`SELECT missed_at, withdrawn_at, reappeared_at FROM comments WHERE id = $1`, [id])
    )[0];
  const actions = async (commentId: string) =>
    (
      await t.db.query<{ action: string; after: Record<string, unknown> }>(
        `SELECT action, after FROM audit_events WHERE case_id = $1 ORDER BY seq`,
        [caseOf.get(commentId)],
      )
    ).map((e) => e.action);

  beforeAll(async () => {
    weibo = new FakeWeibo();
    const baseUrl = await weibo.start();
    clock = new TestClock(at('2025-10-20T04:00:00Z'));
    t = await startTestAppWith({
      overrides: [
        {
          provide: WEIBO_CLIENT_TUNING,
          useValue: { timeoutMs: 300, maxRetries: 0, backoffBaseMs: 1, backoffMaxMs: 2 },
        },
      ],
      clock,
      config: { weiboBaseUrl: baseUrl, weiboMinIntervalMs: 0 },
    });
    leader = await createLeader(t);
    auditor = t.as((await issueKey(t, 'auditor')).key);
    const uid = leader.weiboUid;
    weibo.addUser(uid, '平安A市');
    weibo.addPost(uid, {
      id: '6101',
      text: '秋季治安防范提示',
      createdAt: at('2025-10-18T01:00:00Z'),
    });
    const complaint = (id: string, userId: string, text: string, likeCount: number) =>
      weibo.addComment('6101', {
        id,
        userId,
        userName: `市民${userId}`,
        text,
        createdAt: at('2025-10-18T03:00:00Z'),
        likeCount,
      });
    complaint('9501', '7501', '我要投诉，小区门口每天晚上都有人飙车炸街，吵得睡不着', 50);
    complaint('9502', '7502', '投诉：菜市场门口乱停车严重，堵得救护车都进不来', 40);
    weibo.addReply('9502', {
      id: '9512',
      userId: uid,
      userName: '平安A市',
      text: '回复@市民7502:已安排交警到现场整治乱停车，请您放心',
      createdAt: at('2025-10-18T05:00:00Z'),
    });
    complaint('9503', '7503', '投诉：楼下烧烤店半夜还在营业，噪音扰民严重', 30);
    complaint('9504', '7504', '求助：我家老人走失了，穿灰色外套，请帮忙寻找', 20);
    complaint('9505', '7505', '投诉：路口红绿灯坏了三天没人修，很危险', 10);
    await poll();
    const cases = await t.http.get(`/api/v1/leaders/${leader.id}/cases`).set(auditor).expect(200);
    for (const item of cases.body.items as { id: string; message: { weiboId: string } }[]) {
      caseOf.set(item.message.weiboId, item.id);
    }
    expect([...caseOf.keys()].sort()).toEqual(['9501', '9502', '9503', '9504', '9505']);
  });

  afterAll(async () => {
    await t.close();
    await weibo.stop();
  });

  it('a comment left out of one flaky read (Weibo still counting it) is not even a pending miss', async () => {
    weibo.omitFromReads('9503', 1);
    await poll();
    expect(await marks('9503')).toEqual({
      missed_at: null,
      withdrawn_at: null,
      reappeared_at: null,
    });
    await poll();
    expect(await marks('9503')).toEqual({
      missed_at: null,
      withdrawn_at: null,
      reappeared_at: null,
    });
    expect((await view('9503')).message.withdrawnAt).toBeNull();
  });

  it('a citizen deleting, the leader deleting an answer, a comment that comes back', async () => {
    weibo.deleteComment('9501');
    weibo.deleteReply('9512');
    weibo.deleteComment('9504');
    await poll();
    const firstMiss = pollTimes[pollTimes.length - 1];
    // One miss is only pending: nothing shown, nothing audited.
    expect(await marks('9501')).toMatchObject({ missed_at: firstMiss, withdrawn_at: null });
    expect(await marks('9512')).toMatchObject({ missed_at: firstMiss, withdrawn_at: null });
    expect((await view('9501')).message.withdrawnAt).toBeNull();

    weibo.restore('9504');
    await poll();
    expect(await marks('9504')).toEqual({
      missed_at: null,
      withdrawn_at: null,
      reappeared_at: null,
    });
    expect(await actions('9504')).toEqual(['case.opened']);

    const citizen = await view('9501');
    expect(citizen.message.withdrawnAt).toBe(firstMiss.toISOString());
    expect(citizen.status).toBe('open');
    expect(await actions('9501')).toEqual(['case.opened', 'case.message_withdrawn']);

    const answered = await view('9502');
    expect(answered).toMatchObject({
      status: 'responded',
      firstResponseBy: 'leader',
      firstResponseEvidence: { weiboReplyId: '9512', withdrawnAt: firstMiss.toISOString() },
      message: { withdrawnAt: null },
    });
    const events = await t.db.query<{ action: string; after: Record<string, unknown> }>(
      `SELECT action, after FROM audit_events WHERE case_id = $1 AND action = 'case.response_withdrawn'`,
      [caseOf.get('9502')],
    );
    expect(events).toEqual([
      {
        action: 'case.response_withdrawn',
        after: { commentId: '9512', withdrawnAt: firstMiss.toISOString(), firstResponse: true },
      },
    ]);
    // Nothing is deleted from the store.
    const [{ n }] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM comments WHERE id IN ('9501', '9512')`,
    );
    expect(n).toBe(2);

    const flags = await t.http
      .get(`/api/v1/integrity/leaders/${leader.id}`)
      .query({ from: '2025-10-01T00:00:00Z', to: '2025-11-01T00:00:00Z' })
      .set(auditor)
      .expect(200);
    expect(
      (flags.body.flags as { type: string }[]).find((f) => f.type === 'withdrawn_replies'),
    ).toMatchObject({
      count: 1,
      denominator: 1,
      caseIds: [caseOf.get('9502')],
    });
    // Metrics v1 do not change: the case still counts as responded.
    const metrics = await t.http
      .get(`/api/v1/metrics/leaders/${leader.id}`)
      .query({ from: '2025-10-01T00:00:00Z', to: '2025-11-01T00:00:00Z' })
      .set(auditor)
      .expect(200);
    expect(metrics.body.metrics.responseRate).toMatchObject({ numerator: 1, denominator: 5 });
    await t.http
      .get('/api/v1/audit/verify')
      .set(auditor)
      .expect(200, /"ok":true/);
  });

  it('a withdrawn comment found again stays withdrawn, with its reappearance recorded', async () => {
    weibo.restore('9501');
    await poll();
    const back = await marks('9501');
    expect(back.withdrawn_at).not.toBeNull();
    expect(back.reappeared_at).toEqual(pollTimes[pollTimes.length - 1]);
    expect(await actions('9501')).toEqual([
      'case.opened',
      'case.message_withdrawn',
      'case.message_reappeared',
    ]);
    await poll();
    expect(await actions('9501')).toHaveLength(3);
  });

  it('a read that fails part-way concludes nothing', async () => {
    weibo.deleteComment('9505');
    weibo.failPath(/^\/comments\/hotflow/, 403, 1);
    await poll(502);
    expect(await marks('9505')).toEqual({
      missed_at: null,
      withdrawn_at: null,
      reappeared_at: null,
    });
    await poll();
    expect(await marks('9505')).toMatchObject({
      missed_at: pollTimes[pollTimes.length - 1],
      withdrawn_at: null,
    });
  });
});
