import { seedCase } from '../cases/case-seed';
import { createLeader, issueKey, startTestApp, TestClock, type TestApp } from '../support/test-app';

interface Flag {
  type: string;
  count: number;
  denominator: number;
  caseIds: string[];
  evidence: {
    caseIds: string[];
    actor: string | null;
    from: string;
    to: string;
    detail: Record<string, unknown>;
  }[];
}

/**
 * Each flag raised through the ordinary API (follow-ups, surveys) or, for
 * what comes from Weibo (leader replies), through the store as ingestion
 * leaves it; plus access and input checks.
 */
describe('GET /api/v1/integrity/leaders/:id', () => {
  let t: TestApp;
  let clock: TestClock;
  const window = { from: '2025-03-01T00:00:00+08:00', to: '2025-04-01T00:00:00+08:00' };
  const opened = new Date('2025-03-03T01:00:00Z');

  beforeAll(async () => {
    clock = new TestClock(new Date('2025-03-03T02:00:00Z'));
    t = await startTestApp({ clock });
  });
  afterAll(async () => {
    await t.close();
  });

  const flags = async (leaderId: string, who = t.admin) =>
    (await t.http.get(`/api/v1/integrity/leaders/${leaderId}`).query(window).set(who).expect(200))
      .body as { leaderId: string; window: unknown; thresholds: unknown; flags: Flag[] };
  const flagOf = async (leaderId: string, type: string) =>
    (await flags(leaderId)).flags.find((f) => f.type === type) as Flag;

  const followUp = (
    caseId: string,
    who: { Authorization: string },
    body: Record<string, unknown>,
  ) => t.http.post(`/api/v1/cases/${caseId}/follow-ups`).set(who).send(body).expect(201);

  const leaderReply = async (
    leader: { id: string; weiboUid: string },
    caseId: string,
    text: string,
    minutesAfter = 30,
  ) => {
    const [c] = await t.db.query<{ comment_id: string; post_id: string }>(
      `SELECT c.comment_id, m.post_id FROM cases c JOIN comments m ON m.id = c.comment_id WHERE c.id = $1`,
      [caseId],
    );
    await t.db.execute(
      `INSERT INTO comments (id, post_id, leader_id, root_id, parent_id, author_uid, author_name, text, html,
                             created_at, by_leader, raw)
       VALUES ($1, $2, $3, $4, $4, $5, '领导', $6, $6, $7, true, '{}')`,
      [
        `${c.comment_id}9`,
        c.post_id,
        leader.id,
        c.comment_id,
        leader.weiboUid,
        text,
        new Date(opened.getTime() + minutesAfter * 60_000),
      ],
    );
  };

  it('answers the SPEC shape with the thresholds, all seven flags at zero on a quiet leader', async () => {
    const leader = await createLeader(t);
    await seedCase(t, leader, { createdAt: opened });
    const body = await flags(leader.id);
    expect(body).toMatchObject({
      leaderId: leader.id,
      window: { from: '2025-02-28T16:00:00.000Z', to: '2025-03-31T16:00:00.000Z' },
      thresholds: {
        copyPasteMinCases: 3,
        bulkClosureMinCases: 10,
        bulkClosureWindowMinutes: 10,
        surveyBurstMinSurveys: 20,
        surveyBurstWindowMinutes: 10,
      },
    });
    expect(body.flags.map((f) => [f.type, f.count])).toEqual([
      ['copy_paste_replies', 0],
      ['boilerplate_only', 0],
      ['bulk_closure', 0],
      ['closed_without_response', 0],
      ['withdrawn_replies', 0],
      ['survey_burst', 0],
      ['self_rated', 0],
    ]);
  });

  it("copy_paste_replies and boilerplate_only from the leader's Weibo replies", async () => {
    const leader = await createLeader(t);
    const ids: string[] = [];
    for (const name of ['张三', '李四', '王五', '赵六']) {
      ids.push((await seedCase(t, leader, { createdAt: opened, authorName: name })).id);
    }
    await leaderReply(leader, ids[0], '回复@张三:民警已上门核查，噪音源已关停，请您放心！');
    await leaderReply(leader, ids[1], '回复@李四：民警已上门核查 噪音源已关停，请您放心[微笑]');
    await leaderReply(leader, ids[2], '民警已上门核查，噪音源已关停。请您放心');
    await leaderReply(leader, ids[3], '回复@赵六:已收到');
    const copy = await flagOf(leader.id, 'copy_paste_replies');
    expect(copy).toMatchObject({ count: 3, denominator: 4, caseIds: [...ids.slice(0, 3)].sort() });
    expect(copy.evidence[0]).toMatchObject({
      actor: `weibo:${leader.weiboUid}`,
      detail: { text: '民警已上门核查噪音源已关停请您放心' },
    });
    expect(await flagOf(leader.id, 'boilerplate_only')).toMatchObject({
      count: 1,
      denominator: 4,
      caseIds: [ids[3]],
    });
  });

  it('bulk_closure: ten cases resolved by one staff key within ten minutes', async () => {
    const leader = await createLeader(t);
    const staff = t.as((await issueKey(t, 'staff', [leader.id])).key);
    const ids: string[] = [];
    for (let i = 0; i < 11; i++) {
      ids.push((await seedCase(t, leader, { createdAt: opened })).id);
    }
    for (const id of ids.slice(0, 10)) {
      clock.advance(50_000);
      await followUp(id, staff, { type: 'resolved', text: '已处理' });
    }
    clock.advance(3_600_000);
    await followUp(ids[10], staff, { type: 'resolved', text: '已处理' });
    const bulk = await flagOf(leader.id, 'bulk_closure');
    expect(bulk).toMatchObject({ count: 10, denominator: 11 });
    expect(bulk.caseIds).toEqual([...ids.slice(0, 10)].sort());
    expect(bulk.evidence).toHaveLength(1);
    expect(bulk.evidence[0].actor).toMatch(/^staff:/);
  });

  it('closed_without_response, self_rated and survey_burst through follow-ups and surveys', async () => {
    const leader = await createLeader(t);
    const staff = t.as((await issueKey(t, 'staff', [leader.id])).key);
    const caller = t.as((await issueKey(t, 'staff', [leader.id])).key);
    const away = (await seedCase(t, leader, { createdAt: opened })).id;
    const answeredAway = (await seedCase(t, leader, { createdAt: opened })).id;
    const inquiry = (await seedCase(t, leader, { createdAt: opened, kind: 'inquiry' })).id;
    await followUp(away, staff, { type: 'not_actionable', text: '不属于受理范围' });
    await followUp(answeredAway, staff, { type: 'responded', text: '已电话联系' });
    await followUp(answeredAway, staff, { type: 'duplicate', text: '重复', duplicateOf: away });
    await followUp(inquiry, staff, { type: 'not_actionable', text: '咨询类' });
    const closed = await flagOf(leader.id, 'closed_without_response');
    expect(closed).toMatchObject({ count: 1, denominator: 2, caseIds: [away] });
    expect(closed.evidence[0].detail).toEqual({ outcome: 'not_actionable' });

    const resolvedByStaff = (await seedCase(t, leader, { createdAt: opened })).id;
    const resolvedByCaller = (await seedCase(t, leader, { createdAt: opened })).id;
    await followUp(resolvedByStaff, staff, { type: 'resolved', text: '已解决' });
    await followUp(resolvedByCaller, caller, { type: 'resolved', text: '已解决' });
    await t.http
      .post(`/api/v1/cases/${resolvedByStaff}/satisfaction`)
      .set(staff)
      .send({ level: '满意', channel: 'callback' })
      .expect(201);
    await t.http
      .post(`/api/v1/cases/${resolvedByCaller}/satisfaction`)
      .set(staff)
      .send({ level: '满意', channel: 'callback' })
      .expect(201);
    expect(await flagOf(leader.id, 'self_rated')).toMatchObject({
      count: 1,
      denominator: 2,
      caseIds: [resolvedByStaff],
    });

    const surveyed: string[] = [];
    for (let i = 0; i < 18; i++) {
      surveyed.push((await seedCase(t, leader, { createdAt: opened })).id);
    }
    for (const id of surveyed) {
      clock.advance(20_000);
      await t.http
        .post(`/api/v1/cases/${id}/satisfaction`)
        .set(caller)
        .send({ level: '满意', channel: 'sms' })
        .expect(201);
    }
    // 18 by the caller key: below 20.
    expect((await flagOf(leader.id, 'survey_burst')).count).toBe(0);
    for (const id of [resolvedByStaff, resolvedByCaller]) {
      clock.advance(20_000);
      await t.http
        .post(`/api/v1/cases/${id}/satisfaction`)
        .set(caller)
        .send({ level: '较满意', channel: 'sms' })
        .expect(201);
    }
    const burst = await flagOf(leader.id, 'survey_burst');
    expect(burst).toMatchObject({ count: 20, denominator: 20 });
    expect(burst.evidence[0].detail).toEqual({ surveys: 20 });
  });

  it('withdrawn_replies from a leader reply marked withdrawn', async () => {
    const leader = await createLeader(t);
    const id = (await seedCase(t, leader, { createdAt: opened })).id;
    await seedCase(t, leader, { createdAt: opened });
    await leaderReply(leader, id, '已安排民警处理');
    await t.db.execute(
      `UPDATE comments SET missed_at = $2, withdrawn_at = $2 WHERE root_id = (SELECT comment_id FROM cases WHERE id = $1) AND by_leader`,
      [id, new Date('2025-03-05T00:00:00Z')],
    );
    const withdrawn = await flagOf(leader.id, 'withdrawn_replies');
    expect(withdrawn).toMatchObject({ count: 1, denominator: 1, caseIds: [id] });
    expect(withdrawn.evidence[0].detail).toMatchObject({ withdrawnAt: '2025-03-05T00:00:00.000Z' });
  });

  it('is for auditors, admins and the own leader; 400 naming the field; 404 for no such leader', async () => {
    const leader = await createLeader(t);
    const other = await createLeader(t);
    await flags(leader.id, t.as((await issueKey(t, 'auditor')).key));
    await flags(leader.id, t.as((await issueKey(t, 'leader', [leader.id])).key));
    const url = `/api/v1/integrity/leaders/${leader.id}`;
    await t.http
      .get(url)
      .set(t.as((await issueKey(t, 'leader', [other.id])).key))
      .expect(403);
    await t.http
      .get(url)
      .set(t.as((await issueKey(t, 'staff', [leader.id])).key))
      .expect(403);
    await t.http
      .get(url)
      .set(t.as((await issueKey(t, 'evaluator')).key))
      .expect(403);
    await t.http.get(url).expect(401);
    for (const [query, field] of [
      ['from=yesterday', /from/],
      ['to=2025-02-30T00:00:00Z', /to/],
      ['from=2025-03-02T00:00:00Z&to=2025-03-01T00:00:00Z', /from/],
      ['asOf=2025-03-01T00:00:00Z', /asOf/],
      ['from[]=1', /from/],
    ] as [string, RegExp][]) {
      const response = await t.http.get(`${url}?${query}`).set(t.admin).expect(400);
      expect(JSON.stringify(response.body.message)).toMatch(field);
    }
    await t.http.get('/api/v1/integrity/leaders/not-a-uuid').set(t.admin).expect(400);
    await t.http
      .get('/api/v1/integrity/leaders/00000000-0000-4000-8000-000000000000')
      .set(t.admin)
      .expect(404);
  });
});
