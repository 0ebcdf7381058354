import { createLeader, issueKey, startTestApp, TestClock, type TestApp } from '../support/test-app';
import { seedCase } from './case-seed';

const NOW = '2025-03-03T02:00:00.000Z'; // Monday 10:00 Beijing

interface CaseBody {
  id: string;
  status: string;
  outcome: string | null;
  firstResponseAt: string | null;
  firstResponseBy: string | null;
  firstResponseEvidence: { followUpId?: string; acknowledgement: boolean } | null;
  resolvedAt: string | null;
  closedAt: string | null;
  referredTo: string | null;
  duplicateOf: string | null;
  satisfaction: { level: string | null; score: number | null; at: string | null };
  message: { authorName: string; authorUid: string | null; text: string };
}

describe('follow-ups and satisfaction through HTTP', () => {
  let t: TestApp;
  let clock: TestClock;
  let leaderA: { id: string; weiboUid: string };
  let leaderB: { id: string; weiboUid: string };
  const key: Record<string, { Authorization: string }> = {};

  beforeAll(async () => {
    clock = new TestClock(new Date(NOW));
    t = await startTestApp({ clock });
    leaderA = await createLeader(t);
    leaderB = await createLeader(t);
    key.staffA = t.as((await issueKey(t, 'staff', [leaderA.id])).key);
    key.staffB = t.as((await issueKey(t, 'staff', [leaderB.id])).key);
    key.leaderA = t.as((await issueKey(t, 'leader', [leaderA.id])).key);
    key.leaderB = t.as((await issueKey(t, 'leader', [leaderB.id])).key);
    key.auditor = t.as((await issueKey(t, 'auditor')).key);
    key.evaluator = t.as((await issueKey(t, 'evaluator')).key);
  });

  afterAll(async () => {
    await t.close();
  });

  const followUp = (caseId: string, as: { Authorization: string }, body: object) =>
    t.http.post(`/api/v1/cases/${caseId}/follow-ups`).set(as).send(body);

  const countRows = async (table: string, caseId: string) => {
    const [{ n }] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${table} WHERE case_id = $1`,
      [caseId],
    );
    return n;
  };

  it('records a staff response at the server clock, with the follow-up as evidence, in one audit event', async () => {
    const seeded = await seedCase(t, leaderA);
    clock.set('2025-03-03T03:15:00Z');
    const response = await followUp(seeded.id, key.staffA, {
      type: 'responded',
      text: '已电话联系市民，辖区派出所今晚到现场处理并责令整改',
      evidenceUrl: 'https://gaj.example.gov.cn/notice/123',
    }).expect(201);
    const body = response.body as {
      case: CaseBody;
      followUp: Record<string, unknown>;
      replayed: boolean;
    };
    expect(body.replayed).toBe(false);
    expect(body.followUp).toMatchObject({
      caseId: seeded.id,
      type: 'responded',
      recordedAt: '2025-03-03T03:15:00.000Z',
      evidenceUrl: 'https://gaj.example.gov.cn/notice/123',
    });
    expect(String(body.followUp.actor)).toMatch(/^staff:/);
    expect(body.case).toMatchObject({
      status: 'responded',
      outcome: null,
      firstResponseAt: '2025-03-03T03:15:00.000Z',
      firstResponseBy: 'staff',
      firstResponseEvidence: { followUpId: body.followUp.id, acknowledgement: false },
    });

    const detail = await t.http.get(`/api/v1/cases/${seeded.id}`).set(key.leaderA).expect(200);
    expect(detail.body.followUps).toHaveLength(1);
    const actions = (detail.body.auditEvents as { action: string }[]).map((e) => e.action);
    expect(actions).toEqual(['case.opened', 'case.follow_up']);
    const event = (detail.body.auditEvents as Record<string, unknown>[])[1];
    expect(event).toMatchObject({
      occurredAt: '2025-03-03T03:15:00.000Z',
      before: { status: 'open', firstResponseAt: null, firstResponseBy: null },
      after: {
        status: 'responded',
        firstResponseAt: '2025-03-03T03:15:00.000Z',
        firstResponseBy: 'staff',
        followUp: { id: body.followUp.id, type: 'responded', firstResponse: true },
      },
    });

    // A second response is a record, not a new first response.
    clock.set('2025-03-04T03:00:00Z');
    const again = await followUp(seeded.id, key.leaderA, {
      type: 'responded',
      text: '已回访',
    }).expect(201);
    expect(again.body.case.firstResponseAt).toBe('2025-03-03T03:15:00.000Z');
  });

  it('refuses a client-supplied time and any unknown field', async () => {
    const seeded = await seedCase(t, leaderA);
    const response = await followUp(seeded.id, key.staffA, {
      type: 'responded',
      text: '已处理',
      at: '2025-01-01T00:00:00Z',
    }).expect(400);
    expect(response.body.message).toMatch(/at/);
    expect(await countRows('follow_ups', seeded.id)).toBe(0);
  });

  it('a boilerplate staff response is an acknowledgement; a note changes nothing', async () => {
    const seeded = await seedCase(t, leaderA);
    const note = await followUp(seeded.id, key.staffA, {
      type: 'note',
      text: '内部：已派单',
    }).expect(201);
    expect(note.body.case).toMatchObject({ status: 'open', firstResponseAt: null });
    const ack = await followUp(seeded.id, key.staffA, { type: 'responded', text: '已收到' }).expect(
      201,
    );
    expect(ack.body.case).toMatchObject({
      status: 'responded',
      outcome: null,
      resolvedAt: null,
      firstResponseEvidence: { acknowledgement: true },
    });
  });

  it('checks roles and scope: other leaders 403, evaluators and auditors may not write', async () => {
    const seeded = await seedCase(t, leaderA);
    const body = { type: 'note', text: '看一下' };
    await followUp(seeded.id, key.leaderB, body).expect(403);
    await followUp(seeded.id, key.staffB, body).expect(403);
    await followUp(seeded.id, key.evaluator, body).expect(403);
    await followUp(seeded.id, key.auditor, body).expect(403);
    await followUp(seeded.id, { Authorization: 'Bearer msk_nope' }, body).expect(401);
    // SPEC 6: follow-ups are the leader's and its staff's; an admin is assigned to no leader.
    const asAdmin = await followUp(seeded.id, t.admin, body).expect(403);
    expect(asAdmin.body).toMatchObject({ error: 'FORBIDDEN' });
    expect(asAdmin.body.message).toMatch(/admin/);
    await followUp('00000000-0000-4000-8000-000000000000', key.staffA, body).expect(404);
    const bad = await followUp('not-a-uuid', key.staffA, body).expect(400);
    expect(bad.body.message).toMatch(/id/);

    await t.http.get(`/api/v1/cases/${seeded.id}`).set(key.auditor).expect(200);
    await t.http.get(`/api/v1/cases/${seeded.id}`).set(key.staffB).expect(403);
    await t.http.get(`/api/v1/cases/${seeded.id}`).set(key.leaderB).expect(403);
    await t.http.get(`/api/v1/cases/00000000-0000-4000-8000-000000000000`).set(t.admin).expect(404);
  });

  it('refuses an admin follow-up of any type with 403, and writes nothing', async () => {
    const seeded = await seedCase(t, leaderA);
    const events = await countRows('audit_events', seeded.id);
    for (const body of [
      { type: 'responded', text: '已安排民警上门核实处理' },
      { type: 'resolved', text: '已查处，商户已停业整改' },
      { type: 'referred', text: '转城管', referredTo: '城管局' },
      { type: 'note', text: '看一下' },
    ]) {
      await followUp(seeded.id, t.admin, body).expect(403);
    }
    expect(await countRows('follow_ups', seeded.id)).toBe(0);
    expect(await countRows('audit_events', seeded.id)).toBe(events);
    const fresh = await t.http.get(`/api/v1/cases/${seeded.id}`).set(t.admin).expect(200);
    expect(fresh.body).toMatchObject({ status: 'open', firstResponseAt: null, resolvedAt: null });
  });

  it('refuses a resolution that is only boilerplate with 400 naming text, and writes nothing', async () => {
    const seeded = await seedCase(t, leaderA);
    const events = await countRows('audit_events', seeded.id);
    for (const text of [
      '已收到',
      '感谢关注',
      '已转相关部门',
      '已收到，感谢关注！',
      '您好，已收到[微笑]',
    ]) {
      for (const as of [key.staffA, key.leaderA]) {
        const refused = await followUp(seeded.id, as, { type: 'resolved', text }).expect(400);
        expect(refused.body).toMatchObject({ error: 'INVALID_INPUT', details: { field: 'text' } });
        expect(refused.body.message).toMatch(/^text /);
        expect(refused.body.message).toMatch(/boilerplate|acknowledg/);
      }
    }
    // Nor with an Idempotency-Key: a refused request leaves nothing to replay.
    await followUp(seeded.id, key.staffA, { type: 'resolved', text: '已收到' })
      .set('Idempotency-Key', 'ack-only-1')
      .expect(400);
    expect(await countRows('follow_ups', seeded.id)).toBe(0);
    expect(await countRows('audit_events', seeded.id)).toBe(events);
    const fresh = await t.http.get(`/api/v1/cases/${seeded.id}`).set(key.staffA).expect(200);
    expect(fresh.body).toMatchObject({ status: 'open', outcome: null, resolvedAt: null });

    // The same words are welcome as an acknowledgement, and a resolution that says what was done.
    const ack = await followUp(seeded.id, key.staffA, { type: 'responded', text: '已收到' }).expect(
      201,
    );
    expect(ack.body.case).toMatchObject({
      status: 'responded',
      firstResponseEvidence: { acknowledgement: true },
    });
    const done = await followUp(seeded.id, key.staffA, {
      type: 'resolved',
      text: '已收到，民警已上门调解，噪音已停止',
    })
      .set('Idempotency-Key', 'ack-only-1')
      .expect(201);
    expect(done.body.case).toMatchObject({ status: 'resolved', outcome: 'resolved' });
  });

  it('refuses an illegal transition with 409 naming both states, and writes nothing', async () => {
    const seeded = await seedCase(t, leaderA);
    await followUp(seeded.id, key.staffA, {
      type: 'resolved',
      text: '已查处，商户已停业整改',
    }).expect(201);
    const events = await countRows('audit_events', seeded.id);
    const refused = await followUp(seeded.id, key.staffA, {
      type: 'responded',
      text: '再回复',
    }).expect(409);
    expect(refused.body).toMatchObject({ error: 'INVALID_TRANSITION' });
    expect(refused.body.message).toMatch(/resolved/);
    expect(refused.body.message).toMatch(/responded/);
    await followUp(seeded.id, key.staffA, {
      type: 'referred',
      text: '转城管',
      referredTo: '城管局',
    }).expect(409);
    expect(await countRows('follow_ups', seeded.id)).toBe(1);
    expect(await countRows('audit_events', seeded.id)).toBe(events);
    // A note is still welcome on a final case.
    await followUp(seeded.id, key.staffA, { type: 'note', text: '回访：群众满意' }).expect(201);
  });

  it('serialises concurrent follow-ups on one case: one resolution wins, the other is a 409', async () => {
    const seeded = await seedCase(t, leaderA);
    const results = await Promise.all([
      followUp(seeded.id, key.staffA, { type: 'resolved', text: '已解决' }),
      followUp(seeded.id, key.staffA, { type: 'not_actionable', text: '不属于职责范围' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('closes as referred, not actionable or duplicate with what each needs', async () => {
    const referred = await seedCase(t, leaderA);
    const r = await followUp(referred.id, key.staffA, {
      type: 'referred',
      text: '已转区城管局办理',
      referredTo: '区城管局',
    }).expect(201);
    expect(r.body.case).toMatchObject({
      status: 'closed',
      outcome: 'referred',
      referredTo: '区城管局',
      firstResponseBy: 'staff',
      firstResponseEvidence: { acknowledgement: true },
    });

    const unanswered = await seedCase(t, leaderA);
    const n = await followUp(unanswered.id, key.staffA, {
      type: 'not_actionable',
      text: '广告',
    }).expect(201);
    // Closing without answering does not make the case answered.
    expect(n.body.case).toMatchObject({
      status: 'closed',
      outcome: 'not_actionable',
      firstResponseAt: null,
    });

    const original = await seedCase(t, leaderA);
    const copy = await seedCase(t, leaderA);
    const d = await followUp(copy.id, key.staffA, {
      type: 'duplicate',
      text: '与前一条重复',
      duplicateOf: original.id,
    }).expect(201);
    expect(d.body.case).toMatchObject({
      status: 'closed',
      outcome: 'duplicate',
      duplicateOf: original.id,
    });
  });

  it('answers bad input with 400 naming the field', async () => {
    const seeded = await seedCase(t, leaderA);
    const other = await seedCase(t, leaderB);
    const cases: [object, RegExp][] = [
      [{ type: 'referred', text: '转办' }, /referredTo/],
      [{ type: 'note', text: '备注', referredTo: '城管局' }, /referredTo/],
      [{ type: 'duplicate', text: '重复' }, /duplicateOf/],
      [{ type: 'duplicate', text: '重复', duplicateOf: 'abc' }, /duplicateOf/],
      [{ type: 'duplicate', text: '重复', duplicateOf: seeded.id }, /duplicateOf/],
      [{ type: 'duplicate', text: '重复', duplicateOf: other.id }, /duplicateOf/],
      [
        { type: 'duplicate', text: '重复', duplicateOf: '00000000-0000-4000-8000-000000000000' },
        /duplicateOf/,
      ],
      [{ type: 'responded', text: '已处理', evidenceUrl: 'ftp://example.com/x' }, /evidenceUrl/],
      [{ type: 'responded', text: '已处理', evidenceUrl: 'javascript:alert(1)' }, /evidenceUrl/],
      [{ type: 'responded', text: '已处理', evidenceUrl: 'not a url' }, /evidenceUrl/],
      [{ type: 'closed', text: '关闭' }, /type/],
      [{ type: 'note' }, /text/],
      [{ type: 'note', text: '' }, /text/],
      [{ type: 'note', text: 42 }, /text/],
      [{ type: 'note', text: 'x'.repeat(5001) }, /text/],
    ];
    for (const [body, field] of cases) {
      const response = await followUp(seeded.id, key.staffA, body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(response.body.message).toMatch(field);
    }
    const raw = await t.http
      .post(`/api/v1/cases/${seeded.id}/follow-ups`)
      .set(key.staffA)
      .set('Content-Type', 'application/json')
      .send('{"type": "note", ')
      .expect(400);
    expect(raw.body.message).toMatch(/JSON/);
    expect(await countRows('follow_ups', seeded.id)).toBe(0);
    const fresh = await t.http.get(`/api/v1/cases/${seeded.id}`).set(key.staffA).expect(200);
    expect(fresh.body.status).toBe('open');
  });

  it('replays a retried request with the same Idempotency-Key instead of doubling it', async () => {
    const seeded = await seedCase(t, leaderA);
    const body = { type: 'responded', text: '已安排民警上门核实处理' };
    clock.set('2025-03-05T01:00:00Z');
    const first = await followUp(seeded.id, key.staffA, body)
      .set('Idempotency-Key', 'retry-1f3a')
      .expect(201);
    clock.set('2025-03-05T01:00:30Z');
    const second = await followUp(seeded.id, key.staffA, body)
      .set('Idempotency-Key', 'retry-1f3a')
      .expect(201);
    expect(second.body.replayed).toBe(true);
    expect(second.body.followUp).toEqual(first.body.followUp);
    expect(second.body.case.firstResponseAt).toBe('2025-03-05T01:00:00.000Z');
    expect(await countRows('follow_ups', seeded.id)).toBe(1);
    expect(await countRows('audit_events', seeded.id)).toBe(2);

    const reused = await followUp(seeded.id, key.staffA, { ...body, text: '另一条' })
      .set('Idempotency-Key', 'retry-1f3a')
      .expect(409);
    expect(reused.body.error).toBe('IDEMPOTENCY_KEY_REUSED');

    const tooLong = await followUp(seeded.id, key.staffA, body)
      .set('Idempotency-Key', 'k'.repeat(201))
      .expect(400);
    expect(tooLong.body.message).toMatch(/Idempotency-Key/);

    // Concurrent retries: still one follow-up.
    const other = await seedCase(t, leaderA);
    const racing = await Promise.all(
      [1, 2, 3].map(() =>
        followUp(other.id, key.staffA, { type: 'resolved', text: '已解决' }).set(
          'Idempotency-Key',
          'race-7',
        ),
      ),
    );
    expect(racing.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(
      new Set(racing.map((r) => (r.body as { followUp: { id: string } }).followUp.id)).size,
    ).toBe(1);
    expect(await countRows('follow_ups', other.id)).toBe(1);
  });

  it('keeps an Idempotency-Key per API key: another key sending the same key and body is its own request', async () => {
    const seeded = await seedCase(t, leaderA);
    const body = { type: 'note', text: '已电话联系市民' };
    const staff = await followUp(seeded.id, key.staffA, body)
      .set('Idempotency-Key', 'shared-1')
      .expect(201);
    const leader = await followUp(seeded.id, key.leaderA, body)
      .set('Idempotency-Key', 'shared-1')
      .expect(201);
    expect(leader.body.replayed).toBe(false);
    expect(leader.body.followUp.id).not.toBe(staff.body.followUp.id);
    expect(leader.body.followUp.actor).toMatch(/^leader:/);
    expect(await countRows('follow_ups', seeded.id)).toBe(2);
    // Each key still replays its own.
    const again = await followUp(seeded.id, key.leaderA, body)
      .set('Idempotency-Key', 'shared-1')
      .expect(201);
    expect(again.body).toMatchObject({ replayed: true, followUp: { id: leader.body.followUp.id } });
    expect(await countRows('follow_ups', seeded.id)).toBe(2);
  });

  it('records satisfaction surveys (traditional forms folded), the latest one on the case', async () => {
    const seeded = await seedCase(t, leaderA);
    const url = `/api/v1/cases/${seeded.id}/satisfaction`;
    clock.set('2025-03-06T02:00:00Z');
    const first = await t.http
      .post(url)
      .set(key.staffA)
      .send({ level: '滿意', channel: 'callback' })
      .expect(201);
    expect(first.body.survey).toMatchObject({ level: '满意', score: 100, channel: 'callback' });
    expect(first.body.case.satisfaction).toEqual({
      level: '满意',
      score: 100,
      at: '2025-03-06T02:00:00.000Z',
      signal: null,
    });
    clock.set('2025-03-07T02:00:00Z');
    const second = await t.http
      .post(url)
      .set(t.admin)
      .send({ level: '較滿意', channel: 'sms' })
      .expect(201);
    expect(second.body.case.satisfaction).toMatchObject({ level: '较满意', score: 75 });
    clock.set('2025-03-08T02:00:00Z');
    await t.http.post(url).set(key.staffA).send({ level: '不滿意', channel: 'weibo' }).expect(201);
    clock.set('2025-03-09T02:00:00Z');
    await t.http.post(url).set(key.staffA).send({ level: '一般', channel: 'sms' }).expect(201);

    const detail = await t.http.get(`/api/v1/cases/${seeded.id}`).set(key.staffA).expect(200);
    expect((detail.body.surveys as { level: string }[]).map((s) => s.level)).toEqual([
      '满意',
      '较满意',
      '不满意',
      '一般',
    ]);
    expect(detail.body.satisfaction).toMatchObject({ level: '一般', score: 50 });
    const events = (
      detail.body.auditEvents as { action: string; before: unknown; after: unknown }[]
    ).filter((e) => e.action === 'case.satisfaction');
    expect(events).toHaveLength(4);
    expect(events[1]).toMatchObject({
      before: { satisfactionLevel: '满意', satisfactionScore: 100 },
      after: { satisfactionLevel: '较满意', satisfactionScore: 75, survey: { channel: 'sms' } },
    });

    for (const [body, field] of [
      [{ level: '非常满意', channel: 'sms' }, /level/],
      [{ level: 'satisfied', channel: 'sms' }, /level/],
      [{ level: 100, channel: 'sms' }, /level/],
      [{ channel: 'sms' }, /level/],
      [{ level: '满意', channel: 'email' }, /channel/],
      [{ level: '满意' }, /channel/],
      [{ level: '满意', channel: 'sms', score: 100 }, /score/],
    ] as [object, RegExp][]) {
      const response = await t.http.post(url).set(key.staffA).send(body).expect(400);
      expect(response.body.message).toMatch(field);
    }
    await t.http.post(url).set(key.leaderA).send({ level: '满意', channel: 'sms' }).expect(403);
    await t.http.post(url).set(key.auditor).send({ level: '满意', channel: 'sms' }).expect(403);
    await t.http.post(url).set(key.evaluator).send({ level: '满意', channel: 'sms' }).expect(403);
    await t.http.post(url).set(key.staffB).send({ level: '满意', channel: 'sms' }).expect(403);
    expect(await countRows('satisfaction_surveys', seeded.id)).toBe(4);
  });

  it('lists a leader backlog with validated filters, scoped, masked for evaluators', async () => {
    const url = `/api/v1/leaders/${leaderA.id}/cases`;
    const list = await t.http.get(url).set(key.staffA).expect(200);
    expect(list.body).toMatchObject({ page: 1, pageSize: 50 });
    expect(list.body.total).toBeGreaterThan(5);
    const first = (list.body.items as CaseBody[])[0];
    expect(first.message).toMatchObject({ authorName: '市民小李', authorUid: '7000001' });

    const masked = await t.http.get(url).set(key.evaluator).expect(200);
    for (const item of masked.body.items as CaseBody[]) {
      expect(item.message.authorName).toBe('***');
      expect(item.message.authorUid).toBeNull();
      expect(item.message.text).toBeTruthy();
    }
    const maskedOne = await t.http.get(`/api/v1/cases/${first.id}`).set(key.evaluator).expect(200);
    expect(maskedOne.body.message).toMatchObject({ authorName: '***', authorUid: null });

    await t.http.get(url).set(key.leaderB).expect(403);
    await t.http.get(url).set(key.staffB).expect(403);
    await t.http.get(url).set(key.auditor).expect(200);
    await t.http
      .get(`/api/v1/leaders/00000000-0000-4000-8000-000000000000/cases`)
      .set(t.admin)
      .expect(404);

    const closed = await t.http.get(`${url}?status=closed&pageSize=2`).set(key.staffA).expect(200);
    expect(closed.body.pageSize).toBe(2);
    expect((closed.body.items as CaseBody[]).every((c) => c.status === 'closed')).toBe(true);
    const noise = await t.http
      .get(`${url}?kind=complaint&category=noise`)
      .set(key.staffA)
      .expect(200);
    expect(noise.body.total).toBe(list.body.total);
    const fraud = await t.http.get(`${url}?category=fraud`).set(key.staffA).expect(200);
    expect(fraud.body.total).toBe(0);

    for (const [query, field] of [
      ['status=pending', /status/],
      ['overdue=yes', /overdue/],
      ['kind=rant', /kind/],
      ['category=weather', /category/],
      ['page=0', /page/],
      ['pageSize=501', /pageSize/],
      ['sort=asc', /sort/],
    ] as [string, RegExp][]) {
      const response = await t.http.get(`${url}?${query}`).set(key.staffA).expect(400);
      expect(response.body.message).toMatch(field);
    }
  });
});
