import { IngestionRepository } from '../../src/polling/ingestion.repository';
import { NO_SIGNALS } from '../../src/weibo/text-signals';
import type { WeiboComment } from '../../src/weibo/weibo-types';
import { FakeWeibo } from '../fake-weibo/fake-weibo-server';
import { HOSTILE_NAME, HOSTILE_TEXTS, hostileComments } from '../fake-weibo/hostile-text';
import { createLeader, issueKey, startTestApp, TestClock, type TestApp } from '../support/test-app';

const at = (iso: string) => new Date(iso);

interface CaseItem {
  status: string;
  kind: string;
  firstResponseBy: string | null;
  message: { weiboId: string; text: string; authorName: string };
}

/**
 * Issue 10: one comment carrying NUL and a lone surrogate under a leader's
 * post made every poll of that leader a 500 and stored nothing of the feed.
 * Hostile comments are stored cleaned, with the rest of their post; a comment
 * the database refuses for any other reason costs only itself.
 */
describe('hostile comments from Weibo', () => {
  let weibo: FakeWeibo;
  let t: TestApp;
  let leader: { id: string; weiboUid: string };
  let staff: { Authorization: string };
  const hostile = hostileComments('95', at('2025-03-03T12:00:00Z'));

  beforeAll(async () => {
    weibo = new FakeWeibo();
    const baseUrl = await weibo.start();
    t = await startTestApp({
      clock: new TestClock(at('2025-03-10T04:00:00Z')),
      config: { weiboBaseUrl: baseUrl, weiboMinIntervalMs: 0 },
    });
    leader = await createLeader(t);
    staff = t.as((await issueKey(t, 'staff', [leader.id])).key);
    weibo.addUser(leader.weiboUid, '平安A市');
    weibo.addPost(leader.weiboUid, {
      id: '5001',
      text: '春季交通安全提示\u0000\ud83d',
      createdAt: at('2025-03-03T01:00:00Z'),
    });
    for (const { comment } of hostile) {
      weibo.addComment('5001', comment);
    }
    weibo.addComment('5001', {
      id: '9002',
      userId: '7002',
      userName: '路人',
      text: '辛苦了，感谢交警同志<img alt=[赞] src="x.png">',
      createdAt: at('2025-03-03T13:00:00Z'),
    });
    weibo.addReply('951', {
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

  it('POST /leaders/:id/poll answers 200 and stores every comment of the post, cleaned', async () => {
    const poll = await t.http.post(`/api/v1/leaders/${leader.id}/poll`).set(t.admin).expect(200);
    expect(poll.body).toMatchObject({ posts: 1, comments: hostile.length + 2 });

    const rows = await t.db.query<{ id: string; text: string; author_name: string }>(
      `SELECT id, text, author_name FROM comments WHERE post_id = '5001' ORDER BY id`,
    );
    expect(rows.map((r) => r.id).sort()).toEqual(
      [...hostile.map((h) => h.comment.id), '9002', '9101'].sort(),
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const { comment, stored } of hostile) {
      expect(byId.get(comment.id)?.text).toBe(stored);
    }
    expect(byId.get('951')?.author_name).toBe(HOSTILE_NAME.stored);
    const [post] = await t.db.query<{ text: string }>(`SELECT text FROM posts WHERE id = '5001'`);
    expect(post.text).toBe('春季交通安全提示\uFFFD');

    const feed = await t.http.get(`/api/v1/leaders/${leader.id}/feed`).set(t.admin).expect(200);
    expect(feed.body).toMatchObject({ status: 'ok', lastError: null });
  });

  it('opens a case for the NUL+surrogate complaint like any other, answered by the leader reply under it', async () => {
    const list = await t.http.get(`/api/v1/leaders/${leader.id}/cases`).set(staff).expect(200);
    const items = list.body.items as CaseItem[];
    const complaint = items.find((c) => c.message.weiboId === '951');
    expect(complaint).toMatchObject({
      kind: 'complaint',
      status: 'responded',
      firstResponseBy: 'leader',
      message: { text: HOSTILE_TEXTS[0].stored, authorName: HOSTILE_NAME.stored },
    });
  });

  it('keeps the original of a cleaned record recoverable, and none for a clean one', async () => {
    const rows = await t.db.query<{ id: string; raw: { text: string }; raw_source: string | null }>(
      `SELECT id, raw, raw_source FROM comments WHERE id IN ('951', '9002')`,
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const cleaned = byId.get('951');
    expect(cleaned?.raw.text).toBe('我要投诉派出所不管\uFFFD小区门口飙车');
    const original = JSON.parse(cleaned?.raw_source as string) as {
      text: string;
      user: { screen_name: string };
    };
    expect(original.text).toBe(HOSTILE_TEXTS[0].html);
    expect(original.user.screen_name).toBe(HOSTILE_NAME.served);
    expect(byId.get('9002')?.raw_source).toBeNull();

    const [post] = await t.db.query<{ raw_source: string }>(
      `SELECT raw_source FROM posts WHERE id = '5001'`,
    );
    expect((JSON.parse(post.raw_source) as { text: string }).text).toBe(
      '春季交通安全提示\u0000\ud83d',
    );
  });

  it('a comment the database refuses costs only itself: the rest of the post is stored and the feed says so', async () => {
    weibo.addPost(leader.weiboUid, {
      id: '5002',
      text: '夜间巡逻通报',
      createdAt: at('2025-03-05T01:00:00Z'),
    });
    weibo.addComment('5002', {
      id: '9201',
      userId: '7003',
      userName: '市民老李',
      text: '楼下烧烤店油烟扰民，投诉了好几次都没人处理',
      createdAt: at('2025-03-05T12:00:00Z'),
    });
    // A like count past the integer column's range: refused by the database.
    weibo.addComment('5002', {
      id: '9202',
      userId: '7004',
      userName: '市民小张',
      text: '顶一下',
      createdAt: at('2025-03-05T13:00:00Z'),
      likeCount: 3_000_000_000,
    });
    const poll = await t.http.post(`/api/v1/leaders/${leader.id}/poll`).set(t.admin).expect(200);
    expect(poll.body).toMatchObject({ posts: 1, comments: 1, cases: 1 });
    const held = await t.db.query<{ id: string }>(
      `SELECT id FROM comments WHERE post_id = '5002' ORDER BY id`,
    );
    expect(held.map((r) => r.id)).toEqual(['9201']);
    const feed = await t.http.get(`/api/v1/leaders/${leader.id}/feed`).set(t.admin).expect(200);
    expect(feed.body).toMatchObject({ status: 'ok' });
    expect(feed.body.lastError).toMatch(/^COMMENTS_NOT_STORED: 1 comment\(s\) of post 5002/);
  });

  it('falls back to one savepoint per comment when the batch insert fails, skipping only what fails', async () => {
    const ingestion = t.app.get(IngestionRepository);
    const base: WeiboComment = {
      id: '9301',
      rootId: '9301',
      postId: '5001',
      parentId: null,
      authorUid: '7005',
      authorName: '市民',
      text: '路灯坏了',
      signals: NO_SIGNALS,
      html: '路灯坏了',
      createdAt: at('2025-03-06T12:00:00Z'),
      source: null,
      likeCount: 0,
      replyCount: 0,
      inlineReplies: [],
      raw: {},
      rawSource: null,
    };
    // NUL straight to the database, past the parser: what the batch used to die of.
    const refused = { ...base, id: '9302', rootId: '9302', text: '坏\u0000了' };
    const next = { ...base, id: '9303', rootId: '9303' };
    const result = await t.db.transaction((tx) =>
      ingestion.insertNewComments(
        tx,
        leader.id,
        leader.weiboUid,
        '5001',
        [base, refused, next],
        at('2025-03-10T04:00:00Z'),
      ),
    );
    expect(result.stored.map((c) => c.id)).toEqual(['9301', '9303']);
    expect(result.failed.map((f) => f.id)).toEqual(['9302']);
    const held = await t.db.query<{ id: string }>(
      `SELECT id FROM comments WHERE id IN ('9301', '9302', '9303') ORDER BY id`,
    );
    expect(held.map((r) => r.id)).toEqual(['9301', '9303']);
  });
});
