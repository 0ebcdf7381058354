import { loadDefaultRuleset } from '../../src/classification/ruleset';
import { FakeWeibo } from '../fake-weibo/fake-weibo-server';
import { HTML_COMMENTS } from '../fake-weibo/html-comments';
import { createLeader, issueKey, startTestApp, TestClock, type TestApp } from '../support/test-app';

const at = (iso: string) => new Date(iso);

interface Explained {
  kind: string;
  category: string;
  actionable: boolean;
  score: number;
  matches: { rule: string; terms: string[]; weight: number }[];
  tokens: string[];
  rulesetVersion: string;
}

const COMMENTS: [id: string, html: string][] = [
  ['9501', HTML_COMMENTS.spamWithLink],
  ['9502', HTML_COMMENTS.complaint],
  ['9503', HTML_COMMENTS.traditional],
  ['9504', HTML_COMMENTS.writtenLink],
];

/**
 * Issue 9, one text pipeline: a comment is explained the same way wherever it
 * is classified. Each HTML comment is polled from the fake Weibo (intake
 * classifies it from the stored clean text and signals) and sent as it is to
 * POST /classify; the whole results must be equal, the spam comment's link
 * included, and again after re-classification.
 */
describe('one text pipeline: intake and POST /classify explain a comment alike', () => {
  let weibo: FakeWeibo;
  let t: TestApp;
  let leader: { id: string; weiboUid: string };

  const stored = async (commentId: string): Promise<Explained> => {
    const [row] = await t.db.query<Explained>(
      `SELECT kind, category, actionable, score, matches, tokens, ruleset_version AS "rulesetVersion"
       FROM classifications WHERE comment_id = $1`,
      [commentId],
    );
    expect(row).toBeDefined();
    return row;
  };

  const classified = async (html: string): Promise<Explained> =>
    (await t.http.post('/api/v1/classify').set(t.admin).send({ text: html }).expect(200))
      .body as Explained;

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
      id: '6501',
      text: '春季交通安全提示',
      createdAt: at('2025-03-03T01:00:00Z'),
    });
    COMMENTS.forEach(([id, text], i) =>
      weibo.addComment('6501', {
        id,
        userId: String(7501 + i),
        userName: `市民${i}`,
        text,
        createdAt: at(`2025-03-03T1${i}:00:00Z`),
      }),
    );
    await t.http.post(`/api/v1/leaders/${leader.id}/poll`).set(t.admin).expect(200);
  });

  afterAll(async () => {
    await t.close();
    await weibo.stop();
  });

  it.each(COMMENTS)(
    'comment %s: the stored classification is the whole POST /classify result',
    async (id, html) => {
      expect(await stored(id)).toEqual(await classified(html));
    },
  );

  it('keeps the spam comment’s link card: stored as 网页链接 with its signal, matched as spam:url', async () => {
    const [row] = await t.db.query<{ text: string; text_signals: { links: unknown[] } }>(
      `SELECT text, text_signals FROM comments WHERE id = '9501'`,
    );
    expect(row.text).toMatch(/戳这里网页链接$/);
    expect(row.text_signals.links).toEqual([
      expect.objectContaining({ text: '网页链接', host: 'bet365-vip.example.com' }),
    ]);
    const result = await stored('9501');
    expect(result.kind).toBe('spam');
    expect(result.matches).toContainEqual(expect.objectContaining({ rule: 'spam:url' }));
    // The link's words are not matched as the message's words.
    expect(result.tokens).not.toContain('网页');
  });

  it('explains a case on its page as POST /classify does', async () => {
    const staff = t.as((await issueKey(t, 'staff', [leader.id])).key);
    const list = await t.http.get(`/api/v1/leaders/${leader.id}/cases`).set(staff).expect(200);
    const items = list.body.items as { id: string; message: { weiboId: string } }[];
    const complaint = items.find((c) => c.message.weiboId === '9502');
    expect(complaint).toBeDefined();
    const page = await t.http.get(`/api/v1/cases/${complaint?.id}`).set(staff).expect(200);
    const { tokens: _tokens, ...explained } = await classified(HTML_COMMENTS.complaint);
    expect(page.body.classification).toEqual({
      ...explained,
      classifiedAt: expect.any(String) as unknown,
    });
  });

  it('re-classification reads the stored signals too, and a row stored without them is read again from its HTML', async () => {
    // A row as stored before signals were kept.
    await t.db.execute(`UPDATE comments SET text_signals = NULL WHERE id = '9504'`);
    const next = { ...loadDefaultRuleset(), version: `${loadDefaultRuleset().version}-pipeline` };
    const put = await t.http.put('/api/v1/rules').set(t.admin).send(next).expect(202);
    const jobId = (put.body as { job: { id: string } }).job.id;
    const deadline = Date.now() + 30_000;
    let status = 'queued';
    while (status !== 'done' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const job = await t.http.get(`/api/v1/rules/jobs/${jobId}`).set(t.admin).expect(200);
      status = (job.body as { status: string }).status;
    }
    expect(status).toBe('done');
    for (const [id, html] of COMMENTS) {
      const after = await stored(id);
      expect(after.rulesetVersion).toBe(next.version);
      expect(after).toEqual(await classified(html));
    }
    expect((await stored('9504')).matches).toContainEqual(
      expect.objectContaining({ rule: 'spam:url' }),
    );
  });
});
