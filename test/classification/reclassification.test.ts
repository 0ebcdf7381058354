import { classifyMessage } from '../../src/classification/classifier';
import { ReclassificationRunner } from '../../src/reclassification/reclassification.runner';
import { loadDefaultRuleset, type Ruleset } from '../../src/classification/ruleset';
import type { RuledCategory } from '../../src/classification/taxonomy';
import { FakeWeibo } from '../fake-weibo/fake-weibo-server';
import { createLeader, issueKey, startTestApp, TestClock, type TestApp } from '../support/test-app';

const at = (iso: string) => new Date(iso);

interface JobBody {
  id: string;
  rulesetVersion: string;
  status: string;
  total: number;
  processed: number;
  changed: number;
  casesUpdated: number;
  casesOpened: number;
  error: string | null;
}

const NOISE_TEXT = '楼下烧烤店半夜还在营业，噪音扰民，我要投诉';
const PRAISE_TEXT = '辛苦了，感谢交警同志<img alt=[赞] src="x.png">';
const INQUIRY_TEXT = '请问户口迁移需要什么材料？';
const CHATTER_TEXT = '周末带孩子去吃了蓝莓蛋糕';

function copy(ruleset: Ruleset): Ruleset {
  return JSON.parse(JSON.stringify(ruleset)) as Ruleset;
}

/**
 * A ruleset that moves the terms that made NOISE_TEXT a noise matter into
 * `environment`, and makes 蓝莓 a complaint word (so CHATTER_TEXT becomes
 * actionable). Built from whatever the shipped rules are today.
 */
function changedRuleset(version: string): Ruleset {
  const shipped = loadDefaultRuleset();
  const next = copy(shipped);
  next.version = version;
  const from: RuledCategory = 'noise';
  const to: RuledCategory = 'environment';
  const matched = classifyMessage(NOISE_TEXT, shipped).matches.find(
    (m) => m.rule === `category:${from}`,
  );
  const moved = new Set(matched?.terms ?? []);
  const movedTerms = next.categories[from].terms.filter((t) => moved.has(t.term));
  next.categories[from].terms = next.categories[from].terms.filter((t) => !moved.has(t.term));
  next.categories[to].terms = [
    ...next.categories[to].terms.filter((t) => !moved.has(t.term)),
    ...movedTerms,
  ];
  next.kinds.complaint.terms.push({ term: '蓝莓', weight: shipped.thresholds.kind + 5 });
  return next;
}

describe('PUT /rules re-classifies stored messages in the background', () => {
  let weibo: FakeWeibo;
  let t: TestApp;
  let leader: { id: string; weiboUid: string };
  let runner: ReclassificationRunner;
  const shipped = loadDefaultRuleset();
  const v2 = changedRuleset(`${shipped.version}-reclass-test`);

  async function waitForJob(
    id: string,
    until = (job: JobBody) => job.status !== 'running',
  ): Promise<JobBody> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const response = await t.http.get(`/api/v1/rules/jobs/${id}`).set(t.admin).expect(200);
      const job = response.body as JobBody;
      if ((job.status !== 'queued' && until(job)) || Date.now() > deadline) {
        return job;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  const classificationOf = async (commentId: string) =>
    (
      await t.db.query<{
        kind: string;
        category: string;
        actionable: boolean;
        ruleset_version: string;
      }>(
        `SELECT kind, category, actionable, ruleset_version FROM classifications WHERE comment_id = $1`,
        [commentId],
      )
    )[0];

  beforeAll(async () => {
    weibo = new FakeWeibo();
    const baseUrl = await weibo.start();
    t = await startTestApp({
      clock: new TestClock(at('2025-03-10T04:00:00Z')),
      config: { weiboBaseUrl: baseUrl, weiboMinIntervalMs: 0 },
    });
    runner = t.app.get(ReclassificationRunner);
    leader = await createLeader(t);
    weibo.addUser(leader.weiboUid, '平安A市');
    weibo.addPost(leader.weiboUid, {
      id: '6001',
      text: '春季安全提示',
      createdAt: at('2025-03-03T01:00:00Z'),
    });
    const comments: [string, string, string][] = [
      ['9101', NOISE_TEXT, '2025-03-03T12:00:00Z'],
      ['9102', PRAISE_TEXT, '2025-03-03T13:00:00Z'],
      ['9103', INQUIRY_TEXT, '2025-03-03T14:00:00Z'],
      ['9104', CHATTER_TEXT, '2025-03-03T15:00:00Z'],
    ];
    comments.forEach(([id, text, createdAt], i) =>
      weibo.addComment('6001', {
        id,
        userId: String(7101 + i),
        userName: `市民${i}`,
        text,
        createdAt: at(createdAt),
        likeCount: 1,
      }),
    );
    weibo.addReply('9101', {
      id: '9201',
      userId: leader.weiboUid,
      userName: '平安A市',
      text: '回复@市民0:已安排辖区派出所核查，感谢反映',
      createdAt: at('2025-03-04T02:00:00Z'),
    });
    await t.http.post(`/api/v1/leaders/${leader.id}/poll`).set(t.admin).expect(200);
  });

  afterAll(async () => {
    await runner.idle();
    await t.close();
    await weibo.stop();
  });

  it('polls under the shipped rules: a noise complaint and an inquiry open cases', async () => {
    expect(await classificationOf('9101')).toMatchObject({
      kind: 'complaint',
      category: 'noise',
      ruleset_version: shipped.version,
    });
    expect(await classificationOf('9104')).toMatchObject({ actionable: false });
    const cases = await t.db.query<{ comment_id: string }>(
      `SELECT comment_id FROM cases ORDER BY comment_id`,
    );
    expect(cases.map((c) => c.comment_id)).toEqual(['9101', '9103']);
  });

  it('a new version is stored, activated, and re-classifies every citizen comment with progress and changes recorded', async () => {
    const expectedNoise = classifyMessage(NOISE_TEXT, v2);
    const expectedChatter = classifyMessage(CHATTER_TEXT, v2);
    expect(expectedNoise.category).toBe('environment');
    expect(expectedChatter.kind).toBe('complaint');

    const put = await t.http.put('/api/v1/rules').set(t.admin).send(v2).expect(202);
    expect(put.body).toMatchObject({
      version: v2.version,
      job: { rulesetVersion: v2.version, total: 4, processed: 0, changed: 0 },
    });
    const jobId = (put.body as { job: JobBody }).job.id;
    const job = await waitForJob(jobId);
    expect(job).toMatchObject({
      status: 'done',
      total: 4,
      processed: 4,
      changed: 2,
      casesUpdated: 1,
      casesOpened: 1,
      error: null,
    });

    const active = await t.http.get('/api/v1/rules').set(t.admin).expect(200);
    expect(active.body).toMatchObject({ version: v2.version, active: true });
    expect((active.body as { createdBy: string }).createdBy).toMatch(/^admin:/);
    const old = await t.http
      .get(`/api/v1/rules?version=${encodeURIComponent(shipped.version)}`)
      .set(t.admin)
      .expect(200);
    expect(old.body).toMatchObject({ version: shipped.version, active: false });

    // Every citizen comment now carries the new version; the leader's reply is not classified.
    const versions = await t.db.query<{ comment_id: string; ruleset_version: string }>(
      `SELECT comment_id, ruleset_version FROM classifications ORDER BY comment_id`,
    );
    expect(versions).toEqual(
      ['9101', '9102', '9103', '9104'].map((id) => ({
        comment_id: id,
        ruleset_version: v2.version,
      })),
    );
    expect(await classificationOf('9101')).toMatchObject({
      kind: 'complaint',
      category: 'environment',
    });

    const changes = await t.db.query<{ comment_id: string; before: unknown; after: unknown }>(
      `SELECT comment_id, before, after FROM classification_changes WHERE job_id = $1 ORDER BY comment_id`,
      [jobId],
    );
    expect(changes).toEqual([
      {
        comment_id: '9101',
        before: expect.objectContaining({
          kind: 'complaint',
          category: 'noise',
          actionable: true,
          rulesetVersion: shipped.version,
        }) as unknown,
        after: {
          kind: 'complaint',
          category: 'environment',
          actionable: true,
          score: expectedNoise.score,
          rulesetVersion: v2.version,
        },
      },
      {
        comment_id: '9104',
        before: expect.objectContaining({
          actionable: false,
          rulesetVersion: shipped.version,
        }) as unknown,
        after: expect.objectContaining({ kind: 'complaint', actionable: true }) as unknown,
      },
    ]);
    const listed = await t.http.get(`/api/v1/rules/jobs/${jobId}/changes`).set(t.admin).expect(200);
    expect(listed.body).toMatchObject({
      total: 2,
      items: [{ commentId: '9101', leaderId: leader.id }, {}],
    });

    // The noise case follows its message; its deadlines and response stay as they were.
    const [noiseCase] = await t.db.query<{
      id: string;
      kind: string;
      category: string;
      status: string;
      opened_at: Date;
    }>(`SELECT id, kind, category, status, opened_at FROM cases WHERE comment_id = '9101'`);
    expect(noiseCase).toMatchObject({
      kind: 'complaint',
      category: 'environment',
      status: 'responded',
    });
    const events = await t.db.query<{ actor: string; before: unknown; after: { jobId: string } }>(
      `SELECT actor, before, after FROM audit_events WHERE case_id = $1 AND action = 'case.reclassified'`,
      [noiseCase.id],
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: 'system',
      before: { kind: 'complaint', category: 'noise' },
      after: {
        kind: 'complaint',
        category: 'environment',
        jobId,
        classification: { rulesetVersion: v2.version, actionable: true },
      },
    });

    // The message that became a complaint opens a case, at its own Weibo time.
    const [chatterCase] = await t.db.query<{ kind: string; opened_at: Date }>(
      `SELECT kind, opened_at FROM cases WHERE comment_id = '9104'`,
    );
    expect(chatterCase).toEqual({ kind: 'complaint', opened_at: at('2025-03-03T15:00:00Z') });
    const opened = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events e JOIN cases c ON c.id = e.case_id
       WHERE c.comment_id = '9104' AND e.action = 'case.opened'`,
    );
    expect(opened[0].n).toBe(1);

    // The chain still verifies with the new events in it.
    const verify = await t.http.get('/api/v1/audit/verify').set(t.admin).expect(200);
    expect(verify.body).toMatchObject({ ok: true });

    // Classify on demand now uses the new rules.
    const now = await t.http
      .post('/api/v1/classify')
      .set(t.admin)
      .send({ text: NOISE_TEXT })
      .expect(200);
    expect(now.body).toMatchObject({ category: 'environment', rulesetVersion: v2.version });
  });

  it('the same version with the same body again is a 200 no-op; with another body a 409', async () => {
    const again = await t.http
      .put('/api/v1/rules')
      .set(t.admin)
      .send(JSON.parse(JSON.stringify(v2)) as object)
      .expect(200);
    expect(again.body).toMatchObject({ version: v2.version, job: { status: 'done' } });
    const conflicting = { ...copy(v2), description: 'something else' };
    const conflict = await t.http.put('/api/v1/rules').set(t.admin).send(conflicting).expect(409);
    expect(conflict.body).toMatchObject({ error: 'RULESET_VERSION_EXISTS' });
    const jobs = await t.http.get('/api/v1/rules/jobs').set(t.admin).expect(200);
    expect((jobs.body as { total: number }).total).toBe(1);
    const versions = await t.http.get('/api/v1/rules/versions').set(t.admin).expect(200);
    expect((versions.body as { total: number }).total).toBe(2);
  });

  it('a newer version while a job runs supersedes it; the newer job finishes', async () => {
    const start = jest.spyOn(runner, 'start').mockImplementationOnce(() => undefined);
    const v3 = { ...copy(v2), version: `${shipped.version}-v3` };
    const first = await t.http.put('/api/v1/rules').set(t.admin).send(v3).expect(202);
    const firstJob = (first.body as { job: JobBody }).job;
    expect(firstJob.status).toBe('queued');
    start.mockRestore();

    const v4 = { ...copy(v2), version: `${shipped.version}-v4` };
    const second = await t.http.put('/api/v1/rules').set(t.admin).send(v4).expect(202);
    const secondJob = await waitForJob((second.body as { job: JobBody }).job.id);
    expect(secondJob).toMatchObject({ status: 'done', processed: 4, changed: 0 });

    const superseded = await waitForJob(firstJob.id);
    expect(superseded).toMatchObject({
      status: 'superseded',
      error: `superseded by ruleset version ${v4.version}`,
    });
    const stillQueued = await t.http
      .get('/api/v1/rules/jobs?status=running')
      .set(t.admin)
      .expect(200);
    expect((stillQueued.body as { total: number }).total).toBe(0);
  });

  it('an older version made active again re-classifies back; a case whose message is no longer actionable stays open for a person to close', async () => {
    const put = await t.http.put('/api/v1/rules').set(t.admin).send(shipped).expect(202);
    const job = await waitForJob((put.body as { job: JobBody }).job.id);
    expect(job).toMatchObject({ status: 'done', processed: 4, changed: 2, casesUpdated: 2 });
    const [chatterCase] = await t.db.query<{ kind: string; status: string }>(
      `SELECT kind, status FROM cases WHERE comment_id = '9104'`,
    );
    expect(chatterCase).toEqual({ kind: 'other', status: 'open' });
    expect(await classificationOf('9101')).toMatchObject({
      category: 'noise',
      ruleset_version: shipped.version,
    });
    const [noiseCase] = await t.db.query<{ category: string }>(
      `SELECT category FROM cases WHERE comment_id = '9101'`,
    );
    expect(noiseCase.category).toBe('noise');
  });

  it('resumes a job whose holder died, after its last committed batch; leaves one another instance holds', async () => {
    const v5 = { ...copy(v2), version: `${shipped.version}-v5` };
    await t.db.execute(
      `INSERT INTO rulesets (version, body, created_by) VALUES ($1, $2::jsonb, 'test')`,
      [v5.version, JSON.stringify(v5)],
    );
    // The dead holder's committed batch: the first two comments are already on v5.
    await t.db.execute(
      `UPDATE classifications SET ruleset_version = $1 WHERE comment_id IN ('9101', '9102')`,
      [v5.version],
    );
    const before = await t.db.query<{ classified_at: Date }>(
      `SELECT classified_at FROM classifications WHERE comment_id IN ('9101', '9102') ORDER BY comment_id`,
    );
    const now = t.clock!.now();
    const [held] = await t.db.query<{ id: string }>(
      `INSERT INTO reclassification_jobs (ruleset_version, status, total, processed, last_comment_id,
                                         lease_owner, lease_expires_at, started_at)
       VALUES ($1, 'running', 4, 2, '9102', 'alive-elsewhere', $2, $3) RETURNING id`,
      [v5.version, new Date(now.getTime() + 60_000), now],
    );
    await runner.resumeOrphaned();
    await runner.idle();
    expect(await waitForJob(held.id, () => true)).toMatchObject({
      status: 'running',
      processed: 2,
    });

    // The holder dies: its lease runs out.
    t.clock!.advance(5 * 60_000);
    await runner.resumeOrphaned();
    await runner.idle();
    const resumed = await waitForJob(held.id);
    expect(resumed).toMatchObject({ status: 'done', total: 4, processed: 4 });
    // Only the comments after its position were taken by the resumed run.
    const rows = await t.db.query<{ comment_id: string; ruleset_version: string }>(
      `SELECT comment_id, ruleset_version FROM classifications ORDER BY comment_id`,
    );
    expect(rows.every((r) => r.ruleset_version === v5.version)).toBe(true);
    const after = await t.db.query<{ classified_at: Date }>(
      `SELECT classified_at FROM classifications WHERE comment_id IN ('9101', '9102') ORDER BY comment_id`,
    );
    expect(after).toEqual(before);
  });

  it('job progress is readable by auditors, not by leaders', async () => {
    const auditor = await issueKey(t, 'auditor');
    const leaderKey = await issueKey(t, 'leader', [leader.id]);
    const list = await t.http.get('/api/v1/rules/jobs').set(t.as(auditor.key)).expect(200);
    expect((list.body as { items: JobBody[] }).items.length).toBeGreaterThanOrEqual(4);
    await t.http.get('/api/v1/rules/jobs').set(t.as(leaderKey.key)).expect(403);
  });
});
