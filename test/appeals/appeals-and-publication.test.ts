import { createHash, randomUUID } from 'node:crypto';
import { snapshotHash } from '../../src/metrics/snapshot-format';
import { createLeader, issueKey, startTestApp, TestClock, type TestApp } from '../support/test-app';
import { type SeedCase, seedLeaderData } from '../metrics/metrics-seed';

const T0 = Date.parse('2025-03-03T00:00:00+08:00');
const h = (hours: number): Date => new Date(T0 + hours * 3_600_000);
const WINDOW = {
  from: '2025-03-03T00:00:00+08:00',
  to: '2025-03-10T00:00:00+08:00',
  asOf: '2025-03-12T12:00:00+08:00',
};
const CREATED = new Date('2025-04-01T04:00:00Z');
const CITIZEN_NAME = '市民赵六六';
const CITIZEN_UID = 'citizen-uid-778899';
const CITIZEN_TEXT = '我家楼下夜里施工噪音扰民已经一个月了';
const RATE_LIMIT = 40;

/** Cases opened at T0+offset+1h.., the first `answered` answered after 1h (deadline 24h). */
async function seedCases(
  t: TestApp,
  leaderId: string,
  n: number,
  answered: number,
  offsetHours = 0,
  tag = '',
): Promise<string[]> {
  const prefix = `${leaderId}${tag}`;
  const cases: SeedCase[] = Array.from({ length: n }, (_, i) => ({
    commentId: `${prefix}-c${i}`,
    openedAt: h(offsetHours + i + 1),
    acknowledgeDeadline: h(offsetHours + i + 25),
    firstResponseAt: i < answered ? h(offsetHours + i + 2) : null,
    firstResponseBy: i < answered ? ('leader' as const) : null,
    closing: null,
    surveys: [],
  }));
  const ids = await seedLeaderData(t.db, leaderId, {
    posts: [{ id: `${prefix}-p`, createdAt: h(offsetHours), held: n, reported: n }],
    comments: cases.map((c) => ({
      id: c.commentId,
      postId: `${prefix}-p`,
      createdAt: c.openedAt,
      byLeader: false,
      kind: 'complaint' as const,
      authorName: CITIZEN_NAME,
      authorUid: CITIZEN_UID,
    })),
    cases,
  });
  await t.db.execute(`UPDATE comments SET text = $1, html = $1 WHERE leader_id = $2::uuid`, [
    CITIZEN_TEXT,
    leaderId,
  ]);
  return ids;
}

type Figure = { value: number | null; numerator: number; denominator: number };
type Item = { leaderId: string; rank: number; metrics: Record<string, Figure> };
type Snapshot = {
  id: string;
  hash: string;
  items: Item[];
  supersedes: string | null;
  supersededBy: string | null;
  corrections: unknown[];
  chain: { id: string; appealId: string | null }[];
  [key: string]: unknown;
};

const itemOf = (s: Snapshot, leaderId: string): Item =>
  s.items.find((i) => i.leaderId === leaderId) as Item;

describe('appeals, corrected snapshots and the public report', () => {
  let t: TestApp;
  let evaluator: string;
  let auditor: string;
  let leaderA: string;
  let leaderB: string;
  const ids: Record<string, string> = {};
  let casesA: string[];
  let casesB: string[];
  let earlyA: string[];
  let original: Snapshot;
  let appealId: string;
  let corrected: Snapshot;

  beforeAll(async () => {
    t = await startTestApp({
      clock: new TestClock(CREATED),
      config: { publicRateLimitPerMinute: RATE_LIMIT },
    });
    evaluator = (await issueKey(t, 'evaluator')).key;
    auditor = (await issueKey(t, 'auditor')).key;
    ids.a = (await createLeader(t, { name: '张伟', unit: 'A市公安局' })).id;
    ids.b = (await createLeader(t, { name: '李娜', unit: 'A市公安局' })).id;
    ids.c = (await createLeader(t, { name: '王芳', unit: 'B市公安局', regionCode: '430200' })).id;
    ids.gone = (await createLeader(t, { name: '陈静', unit: 'B市公安局' })).id;
    casesA = await seedCases(t, ids.a, 4, 3);
    earlyA = await seedCases(t, ids.a, 1, 1, -48, '-early'); // before the window
    casesB = await seedCases(t, ids.b, 2, 2);
    await seedCases(t, ids.c, 1, 0);
    await t.http.delete(`/api/v1/leaders/${ids.gone}`).set(t.admin).expect(200);
    leaderA = (await issueKey(t, 'leader', [ids.a])).key;
    leaderB = (await issueKey(t, 'leader', [ids.b])).key;
    const created = await t.http
      .post('/api/v1/snapshots')
      .set(t.as(evaluator))
      .send({ ...WINDOW, name: '2025年3月第一周考评' })
      .expect(201);
    original = created.body;
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows a first version with no correction, nothing superseding it, unpublished', () => {
    expect(original).toMatchObject({
      supersedes: null,
      supersededBy: null,
      publishedAt: null,
      corrections: [],
      chain: [{ id: original.id, appealId: null }],
    });
    expect(snapshotHash(original as never)).toBe(original.hash);
  });

  it("refuses an appeal for another leader's figures, other roles and bad input", async () => {
    const body = { leaderId: ids.a, caseIds: [casesA[3]], reason: '误计' };
    await t.http
      .post(`/api/v1/snapshots/${original.id}/appeals`)
      .set(t.as(leaderB))
      .send(body)
      .expect(403);
    for (const key of [evaluator, auditor]) {
      await t.http
        .post(`/api/v1/snapshots/${original.id}/appeals`)
        .set(t.as(key))
        .send(body)
        .expect(403);
    }
    await t.http
      .post(`/api/v1/snapshots/${randomUUID()}/appeals`)
      .set(t.as(leaderA))
      .send(body)
      .expect(404);
    const foreign = await t.http
      .post(`/api/v1/snapshots/${original.id}/appeals`)
      .set(t.as(leaderA))
      .send({ ...body, caseIds: [casesB[0]] })
      .expect(400);
    expect(foreign.body.message).toContain('caseIds');
    const outside = await t.http
      .post(`/api/v1/snapshots/${original.id}/appeals`)
      .set(t.admin)
      .send({ ...body, caseIds: [earlyA[0]] })
      .expect(400);
    expect(outside.body.message).toContain("outside the snapshot's window");
    for (const bad of [
      { ...body, caseIds: [] },
      { ...body, caseIds: ['x'] },
      { ...body, caseIds: [casesA[0], casesA[0]] },
      { ...body, reason: '' },
      { ...body, extra: 1 },
      { ...body, leaderId: 7 },
    ]) {
      await t.http
        .post(`/api/v1/snapshots/${original.id}/appeals`)
        .set(t.as(leaderA))
        .send(bad)
        .expect(400);
    }
  });

  it('closes filing APPEAL_DAYS after the snapshot, naming the deadline', async () => {
    t.clock?.set(new Date(CREATED.getTime() + 10 * 86_400_000 + 1));
    const late = await t.http
      .post(`/api/v1/snapshots/${original.id}/appeals`)
      .set(t.as(leaderA))
      .send({ leaderId: ids.a, caseIds: [casesA[3]], reason: '误计' })
      .expect(409);
    expect(late.body).toMatchObject({
      error: 'APPEAL_DEADLINE_PASSED',
      details: { deadline: '2025-04-11T04:00:00.000Z' },
    });
    expect(late.body.message).toContain('2025-04-11T04:00:00.000Z');
    t.clock?.set(new Date(CREATED.getTime() + 86_400_000));
  });

  it('files the leader’s own appeal, listed for it and for the evaluators', async () => {
    const filed = await t.http
      .post(`/api/v1/snapshots/${original.id}/appeals`)
      .set(t.as(leaderA))
      .send({
        leaderId: ids.a,
        caseIds: [casesA[3], casesA[0]],
        reason: '一条为广告误计为投诉，一条属于李娜辖区',
      })
      .expect(201);
    appealId = filed.body.id;
    expect(filed.body).toMatchObject({
      snapshotId: original.id,
      leaderId: ids.a,
      caseIds: [casesA[3], casesA[0]],
      status: 'pending',
      deadline: '2025-04-11T04:00:00.000Z',
      decidedAt: null,
      correctedSnapshotId: null,
    });
    const own = await t.http.get('/api/v1/appeals').set(t.as(leaderA)).expect(200);
    expect(own.body).toMatchObject({ total: 1, page: 1, pageSize: 50 });
    const other = await t.http.get('/api/v1/appeals').set(t.as(leaderB)).expect(200);
    expect(other.body.total).toBe(0);
    await t.http.get(`/api/v1/appeals/${appealId}`).set(t.as(leaderB)).expect(403);
    await t.http.get('/api/v1/appeals').query({ leaderId: ids.a }).set(t.as(leaderB)).expect(403);
    const pending = await t.http
      .get('/api/v1/appeals')
      .query({ status: 'pending' })
      .set(t.as(evaluator))
      .expect(200);
    expect((pending.body.items as { id: string }[]).map((a) => a.id)).toEqual([appealId]);
    await t.http.get('/api/v1/appeals').query({ status: 'maybe' }).set(t.as(auditor)).expect(400);
    await t.http.get(`/api/v1/appeals/${appealId}`).set(t.as(auditor)).expect(200);
  });

  it('refuses decisions by the wrong role and corrections outside the appeal', async () => {
    const decide = (key: string, body: object) =>
      t.http.post(`/api/v1/appeals/${appealId}/decision`).set(t.as(key)).send(body);
    await decide(leaderA, { decision: 'accepted', reason: 'x', corrections: [] }).expect(403);
    await decide(auditor, { decision: 'rejected', reason: 'x' }).expect(403);
    const notAppealed = await decide(evaluator, {
      decision: 'accepted',
      reason: '属实',
      corrections: [{ caseId: casesA[1], action: 'exclude' }],
    }).expect(400);
    expect(notAppealed.body.message).toContain('corrections[0].caseId');
    await decide(evaluator, {
      decision: 'accepted',
      reason: '属实',
      corrections: [{ caseId: casesA[0], action: 'reassign' }],
    }).expect(400);
    const inactive = await decide(evaluator, {
      decision: 'accepted',
      reason: '属实',
      corrections: [{ caseId: casesA[0], action: 'reassign', toLeaderId: ids.gone }],
    }).expect(400);
    expect(inactive.body.message).toContain('active leader');
    await decide(evaluator, {
      decision: 'accepted',
      reason: '属实',
      corrections: [{ caseId: casesA[0], action: 'move' }],
    }).expect(400);
    await decide(evaluator, { decision: 'maybe', reason: '属实' }).expect(400);
    for (const corrections of [[null], 'x', [{}], [{ caseId: casesA[0] }], [[1]], {}]) {
      await decide(evaluator, { decision: 'accepted', reason: '属实', corrections }).expect(400);
    }
    await decide(evaluator, { decision: 'accepted', reason: 5 }).expect(400);
    const still = await t.http.get(`/api/v1/appeals/${appealId}`).set(t.admin).expect(200);
    expect(still.body.status).toBe('pending');
  });

  it('accepts once, producing a corrected snapshot that differs exactly by the corrections', async () => {
    const accepted = await t.http
      .post(`/api/v1/appeals/${appealId}/decision`)
      .set(t.as(evaluator))
      .send({
        decision: 'accepted',
        reason: '经核查：一条为广告，一条发生在李娜辖区',
        corrections: [
          { caseId: casesA[3], action: 'exclude' },
          { caseId: casesA[0], action: 'reassign', toLeaderId: ids.b },
        ],
      })
      .expect(201);
    expect(accepted.body).toMatchObject({ status: 'accepted', decisionReason: expect.any(String) });
    const correctedId = accepted.body.correctedSnapshotId as string;
    await t.http
      .post(`/api/v1/appeals/${appealId}/decision`)
      .set(t.admin)
      .send({ decision: 'rejected', reason: '再议' })
      .expect(409);

    corrected = (
      await t.http.get(`/api/v1/snapshots/${correctedId}`).set(t.as(evaluator)).expect(200)
    ).body;
    expect(corrected).toMatchObject({
      supersedes: original.id,
      supersededBy: null,
      definitionVersion: 'v1',
      window: original.window,
      verified: true,
      corrections: [
        {
          appealId,
          reason: '经核查：一条为广告，一条发生在李娜辖区',
          changes: [
            { caseId: casesA[3], action: 'exclude', fromLeaderId: ids.a, toLeaderId: null },
            { caseId: casesA[0], action: 'reassign', fromLeaderId: ids.a, toLeaderId: ids.b },
          ],
        },
      ],
    });
    expect(corrected.hash).not.toBe(original.hash);
    expect(snapshotHash(corrected as never)).toBe(corrected.hash);

    const [a0, a1] = [itemOf(original, ids.a).metrics, itemOf(corrected, ids.a).metrics];
    const [b0, b1] = [itemOf(original, ids.b).metrics, itemOf(corrected, ids.b).metrics];
    // A: 4 cases (3 answered on time, 1 overdue) → the overdue one excluded, one answered moved.
    expect([a0.cases.value, a1.cases.value]).toEqual([4, 2]);
    expect([a0.received.value, a1.received.value]).toEqual([4, 2]);
    expect([a0.overdue.value, a1.overdue.value]).toEqual([1, 0]);
    expect(a1.onTimeResponseRate).toEqual({ value: 1, numerator: 2, denominator: 2 });
    expect(a0.onTimeResponseRate).toEqual({ value: 0.75, numerator: 3, denominator: 4 });
    // B gains the reassigned case, answered on time.
    expect([b0.cases.value, b1.cases.value]).toEqual([2, 3]);
    expect([b0.received.value, b1.received.value]).toEqual([2, 3]);
    expect(b1.onTimeResponseRate).toEqual({ value: 1, numerator: 3, denominator: 3 });
    // Coverage is a harvest figure and does not move; nor does anyone else.
    expect(a1.coverage).toEqual(a0.coverage);
    expect(itemOf(corrected, ids.c)).toEqual(itemOf(original, ids.c));
    expect(corrected.items.map((i) => i.leaderId).sort()).toEqual(
      original.items.map((i) => i.leaderId).sort(),
    );
  });

  it('leaves the original unchanged, showing who supersedes it; the chain reads from both ends', async () => {
    const again = (
      await t.http.get(`/api/v1/snapshots/${original.id}`).set(t.as(auditor)).expect(200)
    ).body as Snapshot;
    expect(again.hash).toBe(original.hash);
    expect(again.items).toEqual(original.items);
    expect(again.supersededBy).toBe(corrected.id);
    expect(again.verified).toBe(true);
    const chain = [
      { id: original.id, appealId: null },
      { id: corrected.id, appealId },
    ];
    expect(again.chain.map(({ id, appealId: a }) => ({ id, appealId: a }))).toEqual(chain);
    expect(corrected.chain.map(({ id, appealId: a }) => ({ id, appealId: a }))).toEqual(chain);
    const list = await t.http.get('/api/v1/snapshots').set(t.as(evaluator)).expect(200);
    expect(
      (list.body.items as Snapshot[]).map((s) => [s.id, s.supersedes, s.supersededBy]),
    ).toEqual([
      [corrected.id, original.id, null],
      [original.id, null, corrected.id],
    ]);
  });

  it('refuses appeals against the superseded version and on cases already corrected', async () => {
    const superseded = await t.http
      .post(`/api/v1/snapshots/${original.id}/appeals`)
      .set(t.as(leaderA))
      .send({ leaderId: ids.a, caseIds: [casesA[1]], reason: '再次申诉' })
      .expect(409);
    expect(superseded.body.details).toMatchObject({ supersededBy: corrected.id });
    await t.http
      .post(`/api/v1/snapshots/${corrected.id}/appeals`)
      .set(t.as(leaderA))
      .send({ leaderId: ids.a, caseIds: [casesA[3]], reason: '再次申诉' })
      .expect(409);
  });

  it('rejects an appeal without touching the snapshot', async () => {
    const filed = await t.http
      .post(`/api/v1/snapshots/${corrected.id}/appeals`)
      .set(t.as(leaderB))
      .send({ leaderId: ids.b, caseIds: [casesB[1]], reason: '不应计入' })
      .expect(201);
    const bad = await t.http
      .post(`/api/v1/appeals/${filed.body.id}/decision`)
      .set(t.admin)
      .send({
        decision: 'rejected',
        reason: '理由不成立',
        corrections: [{ caseId: casesB[1], action: 'exclude' }],
      })
      .expect(400);
    expect(bad.body.message).toContain('corrections');
    const rejected = await t.http
      .post(`/api/v1/appeals/${filed.body.id}/decision`)
      .set(t.admin)
      .send({ decision: 'rejected', reason: '理由不成立' })
      .expect(201);
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      corrections: [],
      correctedSnapshotId: null,
    });
    const head = await t.http.get(`/api/v1/snapshots/${corrected.id}`).set(t.admin).expect(200);
    expect(head.body.supersededBy).toBeNull();
  });

  it('writes every step into the audit chain, which still verifies', async () => {
    const events = await t.http
      .get('/api/v1/audit/events')
      .query({ pageSize: 200 })
      .set(t.as(auditor))
      .expect(200);
    const actions = (events.body.items as { action: string; caseId: string | null }[]).map(
      (e) => e.action,
    );
    expect(actions.filter((a) => a === 'appeal.filed')).toHaveLength(2);
    expect(actions.filter((a) => a === 'appeal.decided')).toHaveLength(2);
    expect(actions.filter((a) => a === 'snapshot.corrected')).toHaveLength(1);
    const perCase = await t.http
      .get('/api/v1/audit/events')
      .query({ caseId: casesA[0] })
      .set(t.as(auditor))
      .expect(200);
    expect((perCase.body.items as { action: string }[]).map((e) => e.action)).toContain(
      'case.corrected_by_appeal',
    );
    const verify = await t.http.get('/api/v1/audit/verify').set(t.as(auditor)).expect(200);
    expect(verify.body).toMatchObject({ ok: true, firstBrokenSeq: null });
  });

  describe('publication', () => {
    it('lets an admin publish once', async () => {
      await t.http
        .post(`/api/v1/snapshots/${corrected.id}/publish`)
        .set(t.as(evaluator))
        .expect(403);
      await t.http.post(`/api/v1/snapshots/${randomUUID()}/publish`).set(t.admin).expect(404);
      const published = await t.http
        .post(`/api/v1/snapshots/${corrected.id}/publish`)
        .set(t.admin)
        .expect(201);
      expect(published.body).toMatchObject({
        snapshotId: corrected.id,
        publishedAt: expect.any(String),
      });
      const twice = await t.http
        .post(`/api/v1/snapshots/${corrected.id}/publish`)
        .set(t.admin)
        .expect(409);
      expect(twice.body.error).toBe('SNAPSHOT_ALREADY_PUBLISHED');
    });

    it('lists published reports without a key', async () => {
      const list = await t.http.get('/public/reports').expect(200);
      expect(list.body).toMatchObject({ total: 1, page: 1, pageSize: 50 });
      expect(list.body.items[0]).toMatchObject({
        id: corrected.id,
        hash: corrected.hash,
        supersedes: original.id,
        url: `/public/reports/${corrected.id}`,
      });
    });

    it('serves the report page in Chinese to anyone, with figures, definitions, hash and correction', async () => {
      const page = await t.http.get(`/public/reports/${corrected.id}`).expect(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      const html = page.text;
      expect(html).toContain('<html lang="zh-CN">');
      for (const text of [
        '按单位汇总',
        '按领导排名',
        '指标定义',
        'A市公安局',
        'B市公安局',
        '张伟',
        '李娜',
        corrected.hash,
        '经核查：一条为广告，一条发生在李娜辖区',
        '1 件案件不再计入任何领导',
        '1 件案件由 张伟 改计入 李娜',
        '2025/03/03 00:00（北京时间）',
        '100.00%<br><small>3 / 3</small>',
        'sha256sum',
      ]) {
        expect(html).toContain(text);
      }
    });

    it('offers JSON and CSV (UTF-8 with BOM) whose hash the page states', async () => {
      const json = await t.http
        .get(`/public/reports/${corrected.id}`)
        .query({ format: 'json' })
        .expect(200);
      expect(json.body).toMatchObject({
        id: corrected.id,
        hash: corrected.hash,
        supersedes: original.id,
        definitionVersion: 'v1',
      });
      expect((json.body.units as { unit: string }[]).map((u) => u.unit)).toEqual([
        'A市公安局',
        'B市公安局',
      ]);
      const unitA = json.body.units[0];
      expect(unitA.cases).toEqual({ value: 5, numerator: 5, denominator: 1 });
      expect(unitA.onTimeResponseRate).toEqual({ value: 1, numerator: 5, denominator: 5 });
      const csv = await t.http
        .get(`/public/reports/${corrected.id}`)
        .query({ format: 'csv' })
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      const bytes = csv.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(json.body.csvSha256);
      expect(bytes.toString('utf8')).toContain('张伟');
      // The CSV is the evaluators' table byte for byte; it points to where its columns are defined.
      expect(csv.headers.link).toBe(
        `</public/reports/${corrected.id}?format=json>; rel="describedby"; type="application/json"`,
      );
      const evaluators = await t.http
        .get(`/api/v1/snapshots/${corrected.id}`)
        .query({ format: 'csv' })
        .set(t.as(evaluator))
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect((evaluators.body as Buffer).equals(bytes)).toBe(true);
    });

    it('states in JSON the same definitions the page shows, one per figure, with their CSV columns', async () => {
      const json = await t.http
        .get(`/public/reports/${corrected.id}`)
        .query({ format: 'json' })
        .expect(200);
      const definitions = json.body.definitions as {
        metric: string;
        name: string;
        numerator: string;
        denominator: string;
        text: string;
        csvColumns: string[];
      }[];
      // Stored content has its keys sorted (canonical JSON); the definitions keep the page's order.
      expect(definitions.map((d) => d.metric).sort()).toEqual(
        Object.keys(json.body.items[0].metrics).sort(),
      );
      expect(definitions.find((d) => d.metric === 'onTimeResponseRate')).toMatchObject({
        name: '按时响应率',
        numerator: '首次响应在受理时限内（含时限当刻）完成的案件数',
        denominator: '案件数',
        csvColumns: ['onTimeResponseRate', 'onTimeCases', 'cases'],
      });
      const csvHeader = (
        await t.http.get(`/public/reports/${corrected.id}`).query({ format: 'csv' }).expect(200)
      ).text.split('\r\n')[0];
      const html = (await t.http.get(`/public/reports/${corrected.id}`).expect(200)).text;
      expect(html).toContain(`<dt>统计口径</dt><dd>${json.body.definitionScope as string}</dd>`);
      for (const definition of definitions) {
        expect(html).toContain(`<dt>${definition.name}</dt><dd>${definition.text}</dd>`);
        for (const column of definition.csvColumns) {
          expect(csvHeader).toContain(`(${column})`);
        }
      }
    });

    it('holds no citizen name, uid or message text in any form', async () => {
      for (const format of ['html', 'json', 'csv']) {
        const response = await t.http
          .get(`/public/reports/${corrected.id}`)
          .query({ format })
          .buffer(true)
          .parse((res, done) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => done(null, Buffer.concat(chunks)));
          })
          .expect(200);
        const text = (response.body as Buffer).toString('utf8');
        expect(text).not.toContain(CITIZEN_NAME);
        expect(text).not.toContain(CITIZEN_UID);
        expect(text).not.toContain(CITIZEN_TEXT);
      }
    });

    it('answers 404 for unpublished and unknown reports, 400 for a bad format', async () => {
      await t.http.get(`/public/reports/${original.id}`).expect(404);
      await t.http.get(`/public/reports/${randomUUID()}`).expect(404);
      await t.http.get(`/public/reports/${corrected.id}`).query({ format: 'pdf' }).expect(400);
    });

    it('is cacheable: an ETag, and 304 when the client has it', async () => {
      const first = await t.http.get(`/public/reports/${corrected.id}`).expect(200);
      const etag = first.headers.etag;
      expect(etag).toMatch(/^"[0-9a-f]{40}"$/);
      expect(first.headers['cache-control']).toContain('public');
      const again = await t.http
        .get(`/public/reports/${corrected.id}`)
        .set('If-None-Match', etag)
        .expect(304);
      expect(again.text ?? '').toBe('');
      const json = await t.http.get(`/public/reports/${corrected.id}`).query({ format: 'json' });
      expect(json.headers.etag).not.toBe(etag);
      const list = await t.http.get('/public/reports').expect(200);
      await t.http.get('/public/reports').set('If-None-Match', list.headers.etag).expect(304);
    });

    it('limits each client address: 429 with Retry-After once its budget is spent', async () => {
      // The test clock stands still, so the bucket never refills: the budget is exact.
      let status = 200;
      let sent = 0;
      let response = await t.http.get('/public/reports');
      while (response.status !== 429 && sent < RATE_LIMIT + 1) {
        sent += 1;
        response = await t.http.get('/public/reports');
      }
      status = response.status;
      expect(status).toBe(429);
      expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      // API routes with a key are not limited by it.
      await t.http.get(`/api/v1/snapshots/${corrected.id}`).set(t.admin).expect(200);
    });
  });
});
