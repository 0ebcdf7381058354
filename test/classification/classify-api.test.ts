import { loadDefaultRuleset } from '../../src/classification/ruleset';
import { createLeader, issueKey, startTestApp, type TestApp } from '../support/test-app';

describe('POST /classify and the rules API: auth, validation, shapes', () => {
  let t: TestApp;
  let evaluatorKey: string;
  let staffKey: string;
  let auditorKey: string;

  beforeAll(async () => {
    t = await startTestApp();
    evaluatorKey = (await issueKey(t, 'evaluator')).key;
    const leader = await createLeader(t);
    staffKey = (await issueKey(t, 'staff', [leader.id])).key;
    auditorKey = (await issueKey(t, 'auditor')).key;
  });

  afterAll(async () => {
    await t.close();
  });

  const classify = (text: unknown, key?: string) =>
    t.http
      .post('/api/v1/classify')
      .set(key ? t.as(key) : t.admin)
      .send({ text });

  it.each([
    ['spam', '加微信 abc12345 刷单兼职日结，博彩平台注册送彩金 http://t.cn/abc', false],
    ['complaint', '我要投诉，小区门口每天晚上都有人飙车炸街，吵得睡不着，派出所也不管', true],
    ['help', '求助！我家孩子走失了，在人民公园附近，请帮帮我', true],
    ['praise', '辛苦了，感谢交警同志<img alt=[赞] src="x.png">', false],
  ])(
    'classifies a %s message, explainably, with the active ruleset',
    async (kind, text, actionable) => {
      const response = await classify(text, evaluatorKey).expect(200);
      expect(response.body).toMatchObject({ kind, actionable });
      expect(Object.keys(response.body as object).sort()).toEqual(
        ['actionable', 'category', 'kind', 'matches', 'rulesetVersion', 'score', 'tokens'].sort(),
      );
      const body = response.body as {
        matches: unknown[];
        tokens: string[];
        rulesetVersion: string;
      };
      expect(body.matches.length).toBeGreaterThan(0);
      expect(body.tokens.length).toBeGreaterThan(0);
      expect(body.rulesetVersion).toBe(loadDefaultRuleset().version);
    },
  );

  it('explains negation: "I did not complain" is no complaint, and says what was negated', async () => {
    const response = await classify('我没有投诉，只是问问').expect(200);
    const body = response.body as { kind: string; matches: { rule: string; terms: string[] }[] };
    expect(body.kind).not.toBe('complaint');
    expect(body.matches).toContainEqual(
      expect.objectContaining({ rule: 'negation', terms: ['投诉'] }),
    );
  });

  it.each([
    ['missing', {}],
    ['empty', { text: '' }],
    ['too long', { text: '投'.repeat(10_001) }],
    ['not a string', { text: 42 }],
  ])('refuses a %s text with a 400 naming `text`', async (_, body) => {
    const response = await t.http.post('/api/v1/classify').set(t.admin).send(body).expect(400);
    expect((response.body as { message: string }).message).toMatch(/text/);
  });

  it('refuses unknown fields with a 400 naming them', async () => {
    const response = await t.http
      .post('/api/v1/classify')
      .set(t.admin)
      .send({ text: '你好', lang: 'zh' })
      .expect(400);
    expect((response.body as { message: string }).message).toMatch(/lang/);
  });

  it('accepts the longest text allowed', async () => {
    await classify('噪音'.repeat(5_000)).expect(200);
  });

  it('needs a key: 401 without one or with a wrong one', async () => {
    await t.http.post('/api/v1/classify').send({ text: '你好' }).expect(401);
    await t.http
      .post('/api/v1/classify')
      .set(t.as('msk_not-a-real-key'))
      .send({ text: '你好' })
      .expect(401);
    await t.http.get('/api/v1/rules').expect(401);
  });

  it('GET /rules: any role reads the active ruleset; ?version= reads a stored one; unknown → 404', async () => {
    const shipped = loadDefaultRuleset();
    const response = await t.http.get('/api/v1/rules').set(t.as(evaluatorKey)).expect(200);
    expect(response.body).toMatchObject({
      version: shipped.version,
      active: true,
      createdBy: 'system',
      ruleset: { version: shipped.version },
    });
    expect(new Date((response.body as { createdAt: string }).createdAt).getTime()).not.toBeNaN();
    expect((response.body as { ruleset: unknown }).ruleset).toEqual(
      JSON.parse(JSON.stringify(shipped)),
    );
    await t.http
      .get(`/api/v1/rules?version=${encodeURIComponent(shipped.version)}`)
      .set(t.as(staffKey))
      .expect(200);
    await t.http.get('/api/v1/rules?version=no-such-version').set(t.admin).expect(404);
    await t.http.get('/api/v1/rules?colour=red').set(t.admin).expect(400);
    const versions = await t.http.get('/api/v1/rules/versions').set(t.as(staffKey)).expect(200);
    expect(versions.body).toMatchObject({
      items: [{ version: shipped.version, active: true }],
      total: 1,
      page: 1,
    });
  });

  it('PUT /rules is for admins only: 403 for other roles, 401 without a key', async () => {
    const body = { ...loadDefaultRuleset(), version: 'not-allowed' };
    await t.http.put('/api/v1/rules').set(t.as(staffKey)).send(body).expect(403);
    await t.http.put('/api/v1/rules').set(t.as(auditorKey)).send(body).expect(403);
    await t.http.put('/api/v1/rules').send(body).expect(401);
    const [{ n }] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM rulesets`);
    expect(n).toBe(1);
  });

  it('PUT /rules with an invalid ruleset is a 400 naming the path of the problem', async () => {
    const shipped = JSON.parse(JSON.stringify(loadDefaultRuleset())) as {
      categories: { traffic: { terms: { term: string; weight: unknown }[] } };
      thresholds: Record<string, unknown>;
    };
    shipped.categories.traffic.terms[3].weight = 'heavy';
    const bad = await t.http.put('/api/v1/rules').set(t.admin).send(shipped).expect(400);
    expect(bad.body).toMatchObject({
      error: 'RULESET_INVALID',
      message: 'categories.traffic.terms[3].weight must be a number',
    });

    const missing = JSON.parse(JSON.stringify(loadDefaultRuleset())) as Record<string, unknown>;
    delete missing.thresholds;
    const noThresholds = await t.http.put('/api/v1/rules').set(t.admin).send(missing).expect(400);
    expect((noThresholds.body as { message: string }).message).toMatch(/^thresholds /);

    const unknown = { ...loadDefaultRuleset(), colour: 'red' };
    const extra = await t.http.put('/api/v1/rules').set(t.admin).send(unknown).expect(400);
    expect((extra.body as { message: string }).message).toMatch(/ruleset\.colour/);

    await t.http.put('/api/v1/rules').set(t.admin).send([1, 2]).expect(400);
    const [{ n }] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM rulesets`);
    expect(n).toBe(1);
  });

  it('jobs are read by admins and auditors; bad ids are 400, unknown ones 404', async () => {
    await t.http.get('/api/v1/rules/jobs').set(t.as(evaluatorKey)).expect(403);
    const list = await t.http.get('/api/v1/rules/jobs').set(t.as(auditorKey)).expect(200);
    expect(list.body).toEqual({ items: [], total: 0, page: 1, pageSize: 50 });
    await t.http.get('/api/v1/rules/jobs?status=sleeping').set(t.admin).expect(400);
    const badId = await t.http.get('/api/v1/rules/jobs/12').set(t.admin).expect(400);
    expect((badId.body as { message: string }).message).toMatch(/id/);
    await t.http
      .get('/api/v1/rules/jobs/00000000-0000-4000-8000-000000000000')
      .set(t.admin)
      .expect(404);
  });
});
