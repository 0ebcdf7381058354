import { FakeWeibo } from '../fake-weibo/fake-weibo-server';
import { createLeader, issueKey, startTestApp, TestClock, type TestApp } from '../support/test-app';

const at = (iso: string) => new Date(iso);

interface CaseBody {
  id: string;
  leaderId: string;
  status: string;
  outcome: string | null;
  kind: string;
  category: string;
  openedAt: string;
  acknowledgeDeadline: string;
  resolveDeadline: string;
  firstResponseAt: string | null;
  firstResponseBy: string | null;
  firstResponseEvidence: { weiboReplyId?: string; acknowledgement: boolean } | null;
  resolvedAt: string | null;
  overdue: boolean;
  satisfaction: { signal: string | null };
  message: { weiboId: string; text: string; authorName: string; createdAt: string };
}

/**
 * Cases opened from the fake m.weibo.cn, and leader replies found in threads
 * of every shape: inline, only in hotFlowChild, answering another reply
 * (reply_comment), boilerplate; late backfilled comments keep their Weibo time.
 */
describe('cases from Weibo: opening, leader replies in every thread shape, citizen signals', () => {
  let weibo: FakeWeibo;
  let t: TestApp;
  let clock: TestClock;
  let leader: { id: string; weiboUid: string };
  let staff: { Authorization: string };
  const byComment = new Map<string, CaseBody>();

  const poll = () => t.http.post(`/api/v1/leaders/${leader.id}/poll`).set(t.admin).expect(200);

  const loadCases = async () => {
    const response = await t.http.get(`/api/v1/leaders/${leader.id}/cases`).set(staff).expect(200);
    byComment.clear();
    for (const item of response.body.items as CaseBody[]) {
      byComment.set(item.message.weiboId, item);
    }
    return response.body as { items: CaseBody[]; total: number };
  };

  beforeAll(async () => {
    weibo = new FakeWeibo();
    const baseUrl = await weibo.start();
    clock = new TestClock(at('2025-10-20T04:00:00Z')); // Mon 20 Oct 12:00 Beijing
    t = await startTestApp({ clock, config: { weiboBaseUrl: baseUrl, weiboMinIntervalMs: 0 } });
    leader = await createLeader(t);
    staff = t.as((await issueKey(t, 'staff', [leader.id])).key);
    const uid = leader.weiboUid;
    weibo.addUser(uid, '平安A市');
    weibo.addPost(uid, {
      id: '6000',
      text: '国庆假期出行提示',
      createdAt: at('2025-10-09T01:00:00Z'),
    });
    weibo.addPost(uid, {
      id: '6001',
      text: '秋季治安防范提示',
      createdAt: at('2025-10-13T01:00:00Z'),
    });

    // 1. An inline reply by the leader.
    weibo.addComment('6001', {
      id: '9101',
      userId: '7001',
      userName: '市民小王',
      text: '我要投诉，小区门口每天晚上都有人飙车炸街，吵得睡不着，派出所也不管',
      createdAt: at('2025-10-13T12:00:00Z'),
      likeCount: 50,
    });
    weibo.addReply('9101', {
      id: '9111',
      userId: uid,
      userName: '平安A市',
      text: '回复@市民小王:已安排辖区派出所今晚在小区门口设卡查处，感谢反映',
      createdAt: at('2025-10-14T02:00:00Z'),
    });
    // …and the citizen thanks afterwards: a satisfaction signal.
    weibo.addReply('9101', {
      id: '9112',
      userId: '7001',
      userName: '市民小王',
      text: '谢谢，已经解决了',
      createdAt: at('2025-10-15T12:00:00Z'),
    });

    // 2. The leader's reply is the third in the thread: only hotFlowChild has it.
    weibo.addComment('6001', {
      id: '9201',
      userId: '7002',
      userName: '市民小赵',
      text: '投诉：楼下烧烤店油烟太大，占道经营，多次反映没人管',
      createdAt: at('2025-10-13T13:00:00Z'),
      likeCount: 40,
    });
    weibo.addReply('9201', {
      id: '9211',
      userId: '7102',
      userName: '路人甲',
      text: '顶一下',
      createdAt: at('2025-10-13T13:10:00Z'),
    });
    weibo.addReply('9201', {
      id: '9212',
      userId: '7103',
      userName: '路人乙',
      text: '同感',
      createdAt: at('2025-10-13T13:20:00Z'),
    });
    weibo.addReply('9201', {
      id: '9213',
      userId: uid,
      userName: '平安A市',
      text: '已通知城管部门今天上午到现场核查，督促商户安装油烟净化设备',
      createdAt: at('2025-10-15T03:00:00Z'),
    });

    // 3. The leader answers the citizen's own follow-up reply (reply_comment).
    weibo.addComment('6001', {
      id: '9301',
      userId: '7003',
      userName: '市民小张',
      text: '投诉派出所民警态度恶劣，办户口推三阻四',
      createdAt: at('2025-10-13T14:00:00Z'),
      likeCount: 30,
    });
    weibo.addReply('9301', {
      id: '9311',
      userId: '7003',
      userName: '市民小张',
      text: '补充一下，地点在人民路和解放路路口',
      createdAt: at('2025-10-13T14:05:00Z'),
    });
    weibo.addReply('9301', {
      id: '9312',
      userId: uid,
      userName: '平安A市',
      text: '经核查，涉事民警已停职调查，处理结果将当面向您反馈',
      createdAt: at('2025-10-16T01:00:00Z'),
      replyToCommentId: '9311',
    });

    // 4. A boilerplate reply, and the citizen complains again.
    weibo.addComment('6001', {
      id: '9401',
      userId: '7004',
      userName: '市民小刘',
      text: '举报：工地半夜施工噪音扰民，严重影响休息',
      createdAt: at('2025-10-13T15:00:00Z'),
      likeCount: 20,
    });
    weibo.addReply('9401', {
      id: '9411',
      userId: uid,
      userName: '平安A市',
      text: '已收到',
      createdAt: at('2025-10-14T01:00:00Z'),
    });
    weibo.addReply('9401', {
      id: '9412',
      userId: '7004',
      userName: '市民小刘',
      text: '还是没人管，晚上照样吵',
      createdAt: at('2025-10-17T14:00:00Z'),
    });

    // 5. A call for help about safety: 2 wall-clock hours.
    weibo.addComment('6001', {
      id: '9501',
      userId: '7005',
      userName: '市民小陈',
      text: '求助！有人在我家门口打架还拿着刀，请赶紧派人来',
      createdAt: at('2025-10-13T16:00:00Z'),
      likeCount: 10,
    });

    // 6. Not actionable: no case.
    weibo.addComment('6001', {
      id: '9601',
      userId: '7006',
      userName: '路人丙',
      text: '辛苦了，感谢交警同志',
      createdAt: at('2025-10-13T17:00:00Z'),
      likeCount: 5,
    });

    // 8. Another citizen's actionable reply in the thread opens a case of its own.
    weibo.addComment('6001', {
      id: '9901',
      userId: '7009',
      userName: '市民小孙',
      text: '举报：工地半夜施工噪音扰民，严重影响休息',
      createdAt: at('2025-10-16T12:00:00Z'),
      likeCount: 2,
    });
    weibo.addReply('9901', {
      id: '9911',
      userId: '7010',
      userName: '市民小钱',
      text: '我也要投诉，小区门口每天晚上都有人飙车炸街，吵得睡不着',
      createdAt: at('2025-10-16T13:00:00Z'),
    });

    // 7. Unanswered at the first poll; the leader answers before the second.
    weibo.addComment('6001', {
      id: '9701',
      userId: '7007',
      userName: '市民小周',
      text: '请问身份证丢了在哪里补办，需要带什么材料？',
      createdAt: at('2025-10-17T02:00:00Z'),
      likeCount: 1,
    });
  });

  afterAll(async () => {
    await t.close();
    await weibo.stop();
  });

  it('opens one case per actionable comment, clocks from its Weibo time', async () => {
    const first = await poll();
    expect(first.body).toMatchObject({ posts: 2, cases: 8 });
    const list = await loadCases();
    expect(list.total).toBe(8);
    expect([...byComment.keys()].sort()).toEqual([
      '9101',
      '9201',
      '9301',
      '9401',
      '9501',
      '9701',
      '9901',
      '9911',
    ]);
    expect(byComment.get('9101')).toMatchObject({
      leaderId: leader.id,
      kind: 'complaint',
      openedAt: '2025-10-13T12:00:00.000Z',
      acknowledgeDeadline: '2025-10-14T12:00:00.000Z', // Tue 20:00 Beijing
      resolveDeadline: '2025-10-20T12:00:00.000Z', // 14, 15, 16, 17, 20 Oct
      message: {
        weiboId: '9101',
        authorName: '市民小王',
        createdAt: '2025-10-13T12:00:00.000Z',
      },
    });
    expect(byComment.get('9501')).toMatchObject({
      kind: 'help',
      category: 'public_order',
      acknowledgeDeadline: '2025-10-13T18:00:00.000Z',
      status: 'open',
      overdue: true,
    });
  });

  it('takes an inline leader reply as the first response, at its Weibo time', () => {
    expect(byComment.get('9101')).toMatchObject({
      status: 'responded',
      firstResponseAt: '2025-10-14T02:00:00.000Z',
      firstResponseBy: 'leader',
      firstResponseEvidence: { weiboReplyId: '9111', acknowledgement: false },
      overdue: false,
      satisfaction: { signal: 'thanks' },
    });
  });

  it('finds a leader reply that only hotFlowChild returns', () => {
    expect(weibo.requestsTo('/comments/hotFlowChild').map((r) => r.query.cid)).toContain('9201');
    expect(byComment.get('9201')).toMatchObject({
      status: 'responded',
      firstResponseAt: '2025-10-15T03:00:00.000Z',
      firstResponseBy: 'leader',
      firstResponseEvidence: { weiboReplyId: '9213', acknowledgement: false },
    });
  });

  it('finds a leader reply that answers another reply in the thread (reply_comment)', () => {
    expect(byComment.get('9301')).toMatchObject({
      status: 'responded',
      firstResponseAt: '2025-10-16T01:00:00.000Z',
      firstResponseEvidence: { weiboReplyId: '9312', acknowledgement: false },
      satisfaction: { signal: null },
    });
  });

  it('counts a boilerplate reply as an acknowledgement, never a resolution', () => {
    expect(byComment.get('9401')).toMatchObject({
      status: 'responded',
      outcome: null,
      resolvedAt: null,
      firstResponseAt: '2025-10-14T01:00:00.000Z',
      firstResponseEvidence: { weiboReplyId: '9411', acknowledgement: true },
      satisfaction: { signal: 'complaint_again' },
    });
  });

  it('shows the case with its classification and audit trail', async () => {
    const id = byComment.get('9101')?.id ?? '';
    const detail = await t.http.get(`/api/v1/cases/${id}`).set(staff).expect(200);
    expect(detail.body.classification).toMatchObject({
      kind: 'complaint',
      category: 'noise',
      actionable: true,
    });
    expect(typeof detail.body.classification.rulesetVersion).toBe('string');
    expect(detail.body.classification.matches.length).toBeGreaterThan(0);
    expect(
      (detail.body.auditEvents as { action: string; actor: string }[]).map((e) => [
        e.action,
        e.actor,
      ]),
    ).toEqual([
      ['case.opened', 'system'],
      ['case.responded', 'system'],
      ['case.satisfaction_signal', 'system'],
    ]);
  });

  it('shows the whole thread under the comment, the leader reply marked as the first response', async () => {
    const id = byComment.get('9201')?.id ?? '';
    const detail = await t.http.get(`/api/v1/cases/${id}`).set(staff).expect(200);
    expect(
      (detail.body.thread as { weiboId: string; byLeader: boolean; firstResponse: boolean }[]).map(
        (r) => [r.weiboId, r.byLeader, r.firstResponse],
      ),
    ).toEqual([
      ['9211', false, false],
      ['9212', false, false],
      ['9213', true, true],
    ]);
    expect(detail.body.thread[0]).toMatchObject({ authorName: '路人甲', authorUid: '7102' });
    // An evaluator sees no citizen's name in the thread; the leader's account is public.
    const evaluator = await issueKey(t, 'evaluator');
    const masked = await t.http
      .get(`/api/v1/cases/${id}`)
      .set('Authorization', `Bearer ${evaluator.key}`)
      .expect(200);
    expect(masked.body.thread[0]).toMatchObject({ authorName: '***', authorUid: null });
    expect(masked.body.thread[2]).toMatchObject({ authorName: '平安A市', byLeader: true });
  });

  it('leaves an evaluator nothing that leads back to a citizen: no Weibo id, uid, link, name or words', async () => {
    const evaluator = t.as((await issueKey(t, 'evaluator')).key);
    const leaderId = byComment.get('9101')?.leaderId ?? '';
    for (const comment of ['9101', '9201']) {
      const id = byComment.get(comment)?.id ?? '';
      const full = await t.http.get(`/api/v1/cases/${id}`).set(staff).expect(200);
      const seen = JSON.stringify(full.body);
      // Everything identifying that the staff view holds, as JSON strings.
      const identifying = new Set<string>();
      const collect = (value: unknown, key = ''): void => {
        if (Array.isArray(value)) {
          value.forEach((v) => collect(v, key));
        } else if (value !== null && typeof value === 'object') {
          Object.entries(value).forEach(([k, v]) => collect(v, k));
        } else if (
          typeof value === 'string' &&
          ['weiboId', 'postId', 'parentId', 'weiboReplyId', 'commentId', 'authorUid'].includes(key)
        ) {
          identifying.add(JSON.stringify(value));
        }
      };
      collect(full.body);
      identifying.add(JSON.stringify(full.body.message.text));
      identifying.add(JSON.stringify(full.body.message.authorName));
      expect(identifying.size).toBeGreaterThan(3);
      for (const value of identifying) {
        expect(seen).toContain(value);
      }
      const masked = await t.http.get(`/api/v1/cases/${id}`).set(evaluator).expect(200);
      const shown = JSON.stringify(masked.body);
      // The leader's own account is public: its uid may stay.
      const thread = full.body.thread as { byLeader: boolean; authorUid: string }[];
      const leaderUid = JSON.stringify(thread.find((r) => r.byLeader)?.authorUid);
      const leaked = [...identifying].filter(
        (value) => value !== leaderUid && shown.includes(value),
      );
      expect(leaked).toEqual([]);
      // The fields stay, null or masked; the times and the figures' inputs stay as they are.
      expect(masked.body.message).toMatchObject({
        weiboId: null,
        postId: null,
        authorUid: null,
        authorName: '***',
        text: '***',
        createdAt: full.body.message.createdAt,
      });
      expect(masked.body.openedAt).toBe(full.body.openedAt);
      expect(masked.body.classification).toEqual(full.body.classification);
      const actions = (events: { action: string }[]) => events.map((e) => e.action);
      expect(actions(masked.body.auditEvents as { action: string }[])).toEqual(
        actions(full.body.auditEvents as { action: string }[]),
      );
    }
    const list = await t.http.get(`/api/v1/leaders/${leaderId}/cases`).set(evaluator).expect(200);
    for (const item of list.body.items as { message: Record<string, unknown> }[]) {
      expect(item.message).toMatchObject({ weiboId: null, postId: null, text: '***' });
    }
    const clusters = await t.http
      .get(`/api/v1/leaders/${leaderId}/clusters`)
      .query({ from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' })
      .set(evaluator)
      .expect(200);
    for (const cluster of clusters.body.items as { text: string }[]) {
      expect(cluster.text).toBe('***');
    }
  });

  it('gives each case in the backlog its time left in working time', () => {
    // The clock stands where the suite set it; every open case has a clock, its sign says overdue.
    for (const item of [...byComment.values()]) {
      const body = item as unknown as {
        status: string;
        overdue: boolean;
        timeLeft: { deadline: string; unit: string; ms: number } | null;
      };
      if (body.status === 'resolved' || body.status === 'closed') {
        expect(body.timeLeft).toBeNull();
        continue;
      }
      expect(body.timeLeft).not.toBeNull();
      if (body.overdue) {
        expect(body.timeLeft?.deadline).toBe('acknowledge');
        expect(body.timeLeft?.ms).toBeLessThan(0);
      }
    }
    // Help about safety runs on the wall clock.
    expect(byComment.get('9501')).toMatchObject({
      timeLeft: { unit: 'wall_clock', deadline: 'acknowledge' },
    });
  });

  it('a late backfilled comment opens with its old Weibo time; a later leader reply keeps its own time', async () => {
    weibo.addComment('6000', {
      id: '9801',
      userId: '7008',
      userName: '市民小吴',
      text: '投诉：楼下烧烤店油烟太大，占道经营，多次反映没人管',
      createdAt: at('2025-10-10T01:00:00Z'), // Fri 10 Oct 09:00 Beijing, found ten days late
    });
    weibo.addReply('9701', {
      id: '9711',
      userId: leader.weiboUid,
      userName: '平安A市',
      text: '回复@市民小周:可携带户口簿到户籍窗口办理临时身份证，当天可取',
      createdAt: at('2025-10-18T02:00:00Z'),
    });
    weibo.addReply('9901', {
      id: '9912',
      userId: leader.weiboUid,
      userName: '平安A市',
      text: '已联系住建部门，责令该工地停止夜间施工',
      createdAt: at('2025-10-19T02:00:00Z'),
      replyToCommentId: '9911',
    });
    clock.set('2025-10-20T06:00:00Z');
    const second = await poll();
    expect(second.body).toMatchObject({ cases: 1 });
    await loadCases();
    expect(byComment.get('9801')).toMatchObject({
      openedAt: '2025-10-10T01:00:00.000Z',
      acknowledgeDeadline: '2025-10-11T01:00:00.000Z', // Sat 11 Oct is a 调休 working day
      resolveDeadline: '2025-10-16T01:00:00.000Z', // 11, 13, 14, 15, 16 Oct
      status: 'open',
      overdue: true,
    });
    expect(byComment.get('9701')).toMatchObject({
      status: 'responded',
      firstResponseAt: '2025-10-18T02:00:00.000Z',
      firstResponseBy: 'leader',
      firstResponseEvidence: { weiboReplyId: '9711' },
    });
    // A reply to the second citizen answers both: it sits in the first one's thread.
    for (const weiboId of ['9901', '9911']) {
      expect(byComment.get(weiboId)).toMatchObject({
        status: 'responded',
        firstResponseAt: '2025-10-19T02:00:00.000Z',
        firstResponseEvidence: { weiboReplyId: '9912', acknowledgement: false },
      });
    }
    const overdue = await t.http
      .get(`/api/v1/leaders/${leader.id}/cases?overdue=true`)
      .set(staff)
      .expect(200);
    expect((overdue.body.items as CaseBody[]).map((c) => c.message.weiboId)).toEqual([
      '9801',
      '9501',
    ]);
  });

  it('re-polling changes nothing: no second case, no second response', async () => {
    const events = await t.http.get('/api/v1/audit/events?pageSize=200').set(t.admin).expect(200);
    const again = await poll();
    expect(again.body).toMatchObject({ cases: 0 });
    const after = await t.http.get('/api/v1/audit/events?pageSize=200').set(t.admin).expect(200);
    expect(after.body.total).toBe(events.body.total);
    const verify = await t.http.get('/api/v1/audit/verify').set(t.admin).expect(200);
    expect(verify.body).toMatchObject({ ok: true, firstBrokenSeq: null });
  });

  it('a staff follow-up after a leader reply keeps the leader as first responder', async () => {
    const id = byComment.get('9401')?.id ?? '';
    const resolved = await t.http
      .post(`/api/v1/cases/${id}/follow-ups`)
      .set(staff)
      .send({ type: 'resolved', text: '已责令工地停止夜间施工，并处罚款' })
      .expect(201);
    expect(resolved.body.case).toMatchObject({
      status: 'resolved',
      outcome: 'resolved',
      resolvedAt: '2025-10-20T06:00:00.000Z',
      firstResponseBy: 'leader',
      firstResponseAt: '2025-10-14T01:00:00.000Z',
      firstResponseEvidence: { weiboReplyId: '9411', acknowledgement: true },
    });
  });
});
