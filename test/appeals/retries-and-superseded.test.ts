import { MetricsService } from '../../src/metrics/metrics.service';
import { createLeader, issueKey, startTestApp, TestClock, type TestApp } from '../support/test-app';
import { seedLeaderData } from '../metrics/metrics-seed';

const T0 = Date.parse('2025-03-03T00:00:00+08:00');
const h = (hours: number): Date => new Date(T0 + hours * 3_600_000);
const WINDOW = {
  from: '2025-03-03T00:00:00+08:00',
  to: '2025-03-10T00:00:00+08:00',
  asOf: '2025-03-12T12:00:00+08:00',
};

/**
 * A client that retries (a time-out, a double click) must not double what is
 * stored: surveys, snapshots, appeals and publications honour Idempotency-Key
 * as follow-ups do; a case is under one pending appeal at a time; and a
 * version a correction replaced is never published.
 */
describe('retried writes, pending appeals and superseded snapshots', () => {
  let t: TestApp;
  let evaluator: { Authorization: string };
  let leaderKey: { Authorization: string };
  let staff: { Authorization: string };
  let leaderId: string;
  let caseIds: string[];

  const count = async (table: string): Promise<number> => {
    const [{ n }] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    return n;
  };
  const snapshot = (key?: string) => {
    const request = t.http.post('/api/v1/snapshots').set(evaluator);
    return (key ? request.set('Idempotency-Key', key) : request).send(WINDOW);
  };

  beforeAll(async () => {
    t = await startTestApp({ clock: new TestClock(new Date('2025-04-01T04:00:00Z')) });
    leaderId = (await createLeader(t)).id;
    const cases = [0, 1, 2].map((i) => ({
      commentId: `retry-c${i}`,
      openedAt: h(i + 1),
      acknowledgeDeadline: h(i + 25),
      firstResponseAt: null,
      firstResponseBy: null,
      closing: null,
      surveys: [],
    }));
    caseIds = await seedLeaderData(t.db, leaderId, {
      posts: [{ id: 'retry-p', createdAt: h(0), held: 3, reported: 3 }],
      comments: cases.map((c) => ({
        id: c.commentId,
        postId: 'retry-p',
        createdAt: c.openedAt,
        byLeader: false,
        kind: 'complaint' as const,
      })),
      cases,
    });
    evaluator = t.as((await issueKey(t, 'evaluator')).key);
    leaderKey = t.as((await issueKey(t, 'leader', [leaderId])).key);
    staff = t.as((await issueKey(t, 'staff', [leaderId])).key);
  });
  afterAll(async () => {
    await t.close();
  });

  it('records a survey once per Idempotency-Key; the key with another answer is a 409', async () => {
    const url = `/api/v1/cases/${caseIds[0]}/satisfaction`;
    const before = await count('satisfaction_surveys');
    const first = await t.http
      .post(url)
      .set(staff)
      .set('Idempotency-Key', 'survey-1')
      .send({ level: '满意', channel: 'callback' })
      .expect(201);
    const again = await t.http
      .post(url)
      .set(staff)
      .set('Idempotency-Key', 'survey-1')
      .send({ level: '滿意', channel: 'callback' }) // the same answer, traditional form
      .expect(201);
    expect(first.body.replayed).toBe(false);
    expect(again.body).toEqual({ ...first.body, replayed: true });
    const other = await t.http
      .post(url)
      .set(staff)
      .set('Idempotency-Key', 'survey-1')
      .send({ level: '不满意', channel: 'callback' })
      .expect(409);
    expect(other.body).toMatchObject({ error: 'IDEMPOTENCY_KEY_REUSED' });
    expect(other.body.message).toContain('survey-1');
    const malformed = await t.http
      .post(url)
      .set(staff)
      .set('Idempotency-Key', 'k'.repeat(201))
      .send({ level: '满意', channel: 'sms' })
      .expect(400);
    expect(malformed.body.message).toContain('Idempotency-Key');
    expect(await count('satisfaction_surveys')).toBe(before + 1);
    // The key is the caller's own: an admin choosing the same one records its own survey.
    const admins = await t.http
      .post(url)
      .set(t.admin)
      .set('Idempotency-Key', 'survey-1')
      .send({ level: '不满意', channel: 'callback' })
      .expect(201);
    expect(admins.body.replayed).toBe(false);
    expect(await count('satisfaction_surveys')).toBe(before + 2);
  });

  it('freezes a snapshot once per Idempotency-Key', async () => {
    const before = await count('snapshots');
    const ranking = jest.spyOn(t.app.get(MetricsService), 'fullRanking');
    const first = await snapshot('snap-1').expect(201);
    expect(ranking).toHaveBeenCalledTimes(1);
    const again = await snapshot('snap-1').expect(201);
    expect(again.body).toEqual(first.body);
    expect(await count('snapshots')).toBe(before + 1);
    // The retry was answered from what the first one stored, not by ranking every leader again.
    expect(ranking).toHaveBeenCalledTimes(1);
    ranking.mockRestore();
    const other = await t.http
      .post('/api/v1/snapshots')
      .set(evaluator)
      .set('Idempotency-Key', 'snap-1')
      .send({ ...WINDOW, name: '另一份' })
      .expect(409);
    expect(other.body.error).toBe('IDEMPOTENCY_KEY_REUSED');
    // Without a key, two requests are two snapshots, as before.
    await snapshot().expect(201);
    expect(await count('snapshots')).toBe(before + 2);
  });

  it('files an appeal once per key, and refuses a second pending appeal on a case without one', async () => {
    const target = (await snapshot().expect(201)).body as { id: string };
    const url = `/api/v1/snapshots/${target.id}/appeals`;
    const body = { leaderId, caseIds: [caseIds[0], caseIds[1]], reason: '广告被误计为投诉' };
    const first = await t.http
      .post(url)
      .set(leaderKey)
      .set('Idempotency-Key', 'appeal-1')
      .send(body)
      .expect(201);
    const again = await t.http
      .post(url)
      .set(leaderKey)
      .set('Idempotency-Key', 'appeal-1')
      .send(body)
      .expect(201);
    expect(again.body).toEqual(first.body);
    const reused = await t.http
      .post(url)
      .set(leaderKey)
      .set('Idempotency-Key', 'appeal-1')
      .send({ ...body, reason: '另一理由' })
      .expect(409);
    expect(reused.body.error).toBe('IDEMPOTENCY_KEY_REUSED');
    for (const [who, caseList] of [
      [leaderKey, [caseIds[1]]],
      [t.admin, [caseIds[2], caseIds[0]]],
    ] as const) {
      const pending = await t.http
        .post(url)
        .set(who)
        .send({ ...body, caseIds: caseList })
        .expect(409);
      expect(pending.body).toMatchObject({
        error: 'APPEAL_ALREADY_PENDING',
        details: { appealId: first.body.id },
      });
      expect(pending.body.message).toContain(first.body.id);
    }
    const list = await t.http
      .get('/api/v1/appeals')
      .query({ snapshotId: target.id, status: 'pending' })
      .set(t.admin)
      .expect(200);
    expect(list.body.total).toBe(1);
    // A case not under the pending appeal may be appealed; once decided, the others may be again.
    await t.http
      .post(url)
      .set(leaderKey)
      .send({ ...body, caseIds: [caseIds[2]] })
      .expect(201);
    await t.http
      .post(`/api/v1/appeals/${first.body.id}/decision`)
      .set(evaluator)
      .send({ decision: 'rejected', reason: '核查无误' })
      .expect(201);
    await t.http
      .post(url)
      .set(leaderKey)
      .send({ ...body, caseIds: [caseIds[1]] })
      .expect(201);
  });

  it('publishes once per key, and never a version a correction replaced', async () => {
    const original = (await snapshot().expect(201)).body as { id: string };
    const appeal = await t.http
      .post(`/api/v1/snapshots/${original.id}/appeals`)
      .set(leaderKey)
      .send({ leaderId, caseIds: [caseIds[0]], reason: '重复留言' })
      .expect(201);
    const decided = await t.http
      .post(`/api/v1/appeals/${appeal.body.id}/decision`)
      .set(evaluator)
      .send({
        decision: 'accepted',
        reason: '属实',
        corrections: [{ caseId: caseIds[0], action: 'exclude' }],
      })
      .expect(201);
    const correctedId = decided.body.correctedSnapshotId as string;

    const refused = await t.http
      .post(`/api/v1/snapshots/${original.id}/publish`)
      .set(t.admin)
      .expect(409);
    expect(refused.body).toMatchObject({
      error: 'SNAPSHOT_SUPERSEDED',
      details: { snapshotId: original.id, supersededBy: correctedId },
    });
    expect(refused.body.message).toContain(correctedId);
    const reports = await t.http.get('/public/reports').expect(200);
    expect((reports.body.items as { id: string }[]).map((r) => r.id)).not.toContain(original.id);

    const before = await count('snapshot_publications');
    const url = `/api/v1/snapshots/${correctedId}/publish`;
    const first = await t.http.post(url).set(t.admin).set('Idempotency-Key', 'pub-1').expect(201);
    const again = await t.http.post(url).set(t.admin).set('Idempotency-Key', 'pub-1').expect(201);
    expect(again.body).toEqual(first.body);
    expect(await count('snapshot_publications')).toBe(before + 1);
    // Without the key, a second publication is still the 409 it was.
    const twice = await t.http.post(url).set(t.admin).expect(409);
    expect(twice.body.error).toBe('SNAPSHOT_ALREADY_PUBLISHED');
  });
});
