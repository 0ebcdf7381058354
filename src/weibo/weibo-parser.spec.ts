import { recordedFeed } from '../../test/fake-weibo/recorded';
import { WeiboEmpty, WeiboForbidden, WeiboMalformed } from './weibo-errors';
import { parseWeiboJson } from './weibo-json';
import { readWeiboText } from './weibo-text';
import {
  expectOk,
  idString,
  parseCommentsPage,
  parseLongText,
  parseRepliesPage,
  parseTimelinePage,
  withLongText,
} from './weibo-parser';

const NOW = new Date('2025-01-04T06:07:28Z');

const mblog = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: '5100000000000001',
  mid: '5100000000000001',
  bid: 'PabCdEf12',
  text: '通报<img alt=[微笑] src="x">',
  created_at: 'Sat Jan 04 14:07:28 +0800 2025',
  user: { id: 1234567890, screen_name: '平安某市' },
  isLongText: false,
  comments_count: '1万+',
  reposts_count: 3,
  attitudes_count: '100+',
  mblogtype: 0,
  ...over,
});

const comment = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 5100000000000100,
  rootid: 5100000000000100,
  created_at: '5分钟前',
  text: '路灯坏了',
  source: '来自广东',
  user: { id: 6000000001, screen_name: '市民甲' },
  like_count: 7,
  total_number: 5,
  comments: false,
  ...over,
});

describe('parseTimelinePage', () => {
  it('reads card_type 9 cards and card_type 11 groups, pinned first as sent', () => {
    const json = {
      ok: 1,
      data: {
        cardlistInfo: { total: 42, since_id: 5100000000000003 },
        cards: [
          { card_type: 11, card_group: [{ card_type: 58, desc: '以下为该用户发布的微博' }] },
          {
            card_type: 9,
            mblog: mblog({ id: '5100000000000009', mid: '5100000000000009', mblogtype: 2 }),
          },
          { card_type: 9, mblog: mblog() },
          {
            card_type: 11,
            card_group: [
              { card_type: 9, mblog: mblog({ id: '5100000000000002', mid: '5100000000000002' }) },
            ],
          },
          { card_type: 11, card_group: [{ card_type: 9, mblog: mblog() }] }, // repeated post
        ],
      },
    };
    const page = parseTimelinePage(json, NOW);
    expect(page.posts.map((p) => p.id)).toEqual([
      '5100000000000009',
      '5100000000000001',
      '5100000000000002',
    ]);
    expect(page.posts.map((p) => p.pinned)).toEqual([true, false, false]);
    expect(page.total).toBe(42);
    expect(page.sinceId).toBe('5100000000000003');
    expect(page.skipped).toEqual([]);
    expect(page.posts[1]).toMatchObject({
      mid: '5100000000000001',
      bid: 'PabCdEf12',
      authorUid: '1234567890',
      authorName: '平安某市',
      text: '通报[微笑]',
      html: '通报<img alt=[微笑] src="x">',
      createdAt: new Date('2025-01-04T06:07:28Z'),
      isLongText: false,
      commentsCount: 10000,
      repostsCount: 3,
      attitudesCount: 100,
    });
  });

  it('reads the 置顶 title as pinned too', () => {
    const json = {
      ok: 1,
      data: { cards: [{ card_type: 9, mblog: mblog({ title: { text: '置顶' } }) }] },
    };
    expect(parseTimelinePage(json, NOW).posts[0].pinned).toBe(true);
  });

  it('skips unreadable posts with a reason and keeps the rest', () => {
    const json = {
      ok: 1,
      data: {
        cards: [
          { card_type: 9, mblog: mblog({ user: null }) },
          { card_type: 9, mblog: mblog({ id: '5100000000000005', created_at: '很久以前' }) },
          { card_type: 9 },
          'garbage',
          { card_type: 9, mblog: mblog({ id: '5100000000000006', mid: '5100000000000006' }) },
        ],
      },
    };
    const page = parseTimelinePage(json, NOW);
    expect(page.posts.map((p) => p.id)).toEqual(['5100000000000006']);
    expect(page.skipped.map((s) => s.reason)).toEqual([
      'card_type 9 without mblog',
      'card is not an object',
      'no user (deleted or hidden item)',
      'unreadable created_at "很久以前"',
    ]);
    expect(page.total).toBeNull();
    expect(page.sinceId).toBeNull();
  });

  it('keeps ids beyond 2^53 exact when the body went through parseWeiboJson', () => {
    const body =
      '{"ok":1,"data":{"cards":[{"card_type":9,"mblog":{"id":"98765432109876543210","mid":"98765432109876543210",' +
      '"text":"x","created_at":"刚刚","user":{"id":12345678901234567890,"screen_name":"u"}}}]}}';
    const [post] = parseTimelinePage(parseWeiboJson(body), NOW).posts;
    expect(post.id).toBe('98765432109876543210');
    expect(post.authorUid).toBe('12345678901234567890');
  });

  it('skips rather than guesses an id that already lost precision', () => {
    const json = JSON.parse(
      '{"ok":1,"data":{"cards":[{"card_type":9,"mblog":{"id":"1","text":"x","created_at":"刚刚","user":{"id":12345678901234567890}}}]}}',
    ) as unknown;
    const page = parseTimelinePage(json, NOW);
    expect(page.posts).toEqual([]);
    expect(page.skipped[0].reason).toMatch(/user\.id/);
  });

  it('throws WeiboEmpty on ok:0 with the message', () => {
    expect(() => parseTimelinePage({ ok: 0, msg: '这里还没有内容' }, NOW)).toThrow(WeiboEmpty);
    try {
      parseTimelinePage({ ok: 0, msg: '这里还没有内容' }, NOW);
    } catch (error) {
      expect((error as WeiboEmpty).msg).toBe('这里还没有内容');
      expect((error as WeiboEmpty).retryable).toBe(false);
    }
  });

  it('throws WeiboMalformed when data is missing', () => {
    expect(() => parseTimelinePage({ ok: 1 }, NOW)).toThrow(WeiboMalformed);
  });
});

describe('expectOk', () => {
  it('maps ok:-100 (login required) to WeiboForbidden and other values to WeiboMalformed', () => {
    expect(() => expectOk({ ok: -100, url: 'https://passport.weibo.cn/signin' }, '/x')).toThrow(
      WeiboForbidden,
    );
    expect(() => expectOk({ ok: 2 }, '/x')).toThrow(WeiboMalformed);
    expect(() => expectOk([1], '/x')).toThrow(WeiboMalformed);
    expect(expectOk({ ok: '1', data: 1 })).toEqual({ ok: '1', data: 1 });
  });
});

describe('idString', () => {
  it('accepts digit strings and safe integers only', () => {
    expect(idString('5100000000000001')).toBe('5100000000000001');
    expect(idString(5100000000000001)).toBe('5100000000000001');
    expect(idString(2 ** 53 + 2)).toBeNull();
    expect(idString('abc')).toBeNull();
    expect(idString(-1)).toBeNull();
    expect(idString(null)).toBeNull();
  });
});

describe('parseCommentsPage', () => {
  it('makes every string storable: text, HTML, author name, source, raw; keeps the original beside', () => {
    const hostile = comment({
      text: '投诉\u0000派出所\ud83d',
      source: '来自\u0001广东',
      user: { id: 6000000001, screen_name: '市民\u0000甲\udc00' },
      comments: [comment({ id: 5100000000000101, text: '同问\u0007', total_number: 0 })],
    });
    const served = JSON.stringify({
      ok: 1,
      data: { data: [hostile, comment({ id: 5100000000000300 })] },
    });
    const page = parseCommentsPage(parseWeiboJson(served), '5100000000000001', NOW);
    const [first, plain] = page.comments;
    expect(first).toMatchObject({
      text: '投诉派出所\uFFFD',
      html: '投诉派出所\uFFFD',
      authorName: '市民甲\uFFFD',
      source: '来自广东',
      raw: expect.objectContaining({ text: '投诉派出所\uFFFD' }),
    });
    expect(JSON.stringify(first.raw)).not.toMatch(/\\u0000|\\ud83d|\\udc00|\\u0001|\\u0007/);
    expect(JSON.parse(first.rawSource as string)).toEqual(
      JSON.parse(JSON.stringify(parseWeiboJson(JSON.stringify(hostile)))),
    );
    expect(first.inlineReplies[0]).toMatchObject({ text: '同问' });
    expect(JSON.parse(first.inlineReplies[0].rawSource as string).text).toBe('同问\u0007');
    expect(plain.rawSource).toBeNull();
  });

  it('reads each comment through readWeiboText: its clean text with the signals beside it', () => {
    const html =
      '<a href=\'/n/平安某市\'>@平安某市</a> 加我领彩金<a data-url="http://t.cn/A6x" href="https://weibo.cn/sinaurl?u=http%3A%2F%2Fbet.example.com">' +
      "<span class='url-icon'><img src='https://h5.sinaimg.cn/card.png'></span><span class=\"surl-text\">网页链接</span></a>";
    const json = { ok: 1, data: { data: [comment({ text: html })] } };
    const [read] = parseCommentsPage(json, '5100000000000001', NOW).comments;
    expect(read).toMatchObject({ html, ...readWeiboText(html) });
    expect(read.text).toBe('@平安某市 加我领彩金网页链接');
    expect(read.signals.mentions.map((m) => m.text)).toEqual(['@平安某市']);
    expect(read.signals.links.map((l) => l.host)).toEqual(['bet.example.com']);
  });

  it('reads comments, their inline replies and the cursor', () => {
    const json = {
      ok: 1,
      data: {
        data: [
          comment({
            comments: [
              comment({
                id: 5100000000000101,
                rootid: 5100000000000100,
                text: '同问',
                total_number: 0,
                like_count: 0,
              }),
              comment({
                id: '5100000000000102',
                rootid: undefined,
                text: "回复<a href='/n/市民甲'>@市民甲</a>:已转交",
                reply_comment: { id: 5100000000000101 },
                user: { id: 1234567890, screen_name: '平安某市' },
              }),
            ],
          }),
          comment({
            id: 5100000000000200,
            rootid: 5100000000000200,
            like_count: '1万+',
            comments: [{ bad: 1 }],
          }),
        ],
        total_number: 12,
        max_id: 138000000000020,
        max_id_type: 0,
      },
    };
    const page = parseCommentsPage(json, '5100000000000001', NOW);
    expect(page.maxId).toBe('138000000000020');
    expect(page.totalNumber).toBe(12);
    const [first, second] = page.comments;
    expect(first).toMatchObject({
      id: '5100000000000100',
      rootId: '5100000000000100',
      postId: '5100000000000001',
      parentId: null,
      authorUid: '6000000001',
      authorName: '市民甲',
      text: '路灯坏了',
      createdAt: new Date('2025-01-04T06:02:28Z'),
      source: '来自广东',
      likeCount: 7,
      replyCount: 5,
    });
    expect(first.inlineReplies.map((r) => [r.id, r.rootId, r.parentId, r.text])).toEqual([
      ['5100000000000101', '5100000000000100', null, '同问'],
      ['5100000000000102', '5100000000000100', '5100000000000101', '回复@市民甲:已转交'],
    ]);
    expect(second.likeCount).toBe(10000);
    expect(second.inlineReplies).toEqual([]);
    expect(page.skipped).toEqual([
      { kind: 'reply', reason: expect.stringMatching(/comment id/), raw: { bad: 1 } },
    ]);
  });

  it('reads max_id 0 on the last page as "0"', () => {
    const page = parseCommentsPage(
      { ok: 1, data: { data: [], total_number: 0, max_id: 0 } },
      '1',
      NOW,
    );
    expect(page).toEqual({ comments: [], maxId: '0', totalNumber: 0, skipped: [] });
  });
});

describe('parseRepliesPage', () => {
  it('reads a thread page and falls back to the requested root', () => {
    const json = {
      ok: 1,
      data: [
        comment({ id: 5100000000000301, rootid: undefined }),
        comment({ id: 5100000000000302, rootid: 5100000000000100 }),
      ],
      total_number: 25,
      max_id: 138000000000010,
      max_id_type: 0,
    };
    const page = parseRepliesPage(json, '5100000000000001', NOW, '5100000000000100');
    expect(page.maxId).toBe('138000000000010');
    expect(page.replies.map((r) => [r.id, r.rootId, r.postId])).toEqual([
      ['5100000000000301', '5100000000000100', '5100000000000001'],
      ['5100000000000302', '5100000000000100', '5100000000000001'],
    ]);
  });

  it('rejects a body without a data array', () => {
    expect(() => parseRepliesPage({ ok: 1, data: {} }, '1', NOW)).toThrow(WeiboMalformed);
  });
});

describe('parseLongText', () => {
  it('returns the full HTML, which withLongText puts in place', () => {
    const html = parseLongText({ ok: 1, data: { longTextContent: '全文<br />第二段' } });
    expect(html).toBe('全文<br />第二段');
    const post = parseTimelinePage(
      { ok: 1, data: { cards: [{ card_type: 9, mblog: mblog({ isLongText: true }) }] } },
      NOW,
    ).posts[0];
    expect(withLongText(post, html)).toMatchObject({
      html,
      text: '全文\n第二段',
      signals: readWeiboText(html).signals,
      isLongText: true,
    });
  });

  it('rejects a body without longTextContent', () => {
    expect(() => parseLongText({ ok: 1, data: {} })).toThrow(WeiboMalformed);
  });
});

describe('recorded fake responses', () => {
  it('parse completely: every comment and reply, nothing skipped', () => {
    const feed = recordedFeed({ posts: 3, commentsPerPost: 45, repliesPerComment: 3, seed: 7 });
    const timeline = feed
      .timelinePages()
      .map((body) => parseTimelinePage(parseWeiboJson(body), NOW));
    const posts = timeline.flatMap((p) => p.posts);
    expect(posts.map((p) => p.id).sort()).toEqual([...feed.postIds].sort());
    expect(posts[0].pinned).toBe(true);
    const postId = feed.postIds[1];
    const pages = feed
      .commentPages(postId)
      .map((body) => parseCommentsPage(parseWeiboJson(body), postId, NOW));
    expect(pages).toHaveLength(3);
    expect(pages[2].maxId).toBe('0');
    const comments = pages.flatMap((p) => p.comments);
    expect(new Set(comments.map((c) => c.id)).size).toBe(45);
    expect(comments.every((c) => c.replyCount === 3 && c.inlineReplies.length === 2)).toBe(true);
    const likes = comments.map((c) => c.likeCount);
    expect(likes).toEqual([...likes].sort((a, b) => b - a));
    const root = comments[0];
    const thread = feed
      .replyPages(root.id)
      .flatMap((body) => parseRepliesPage(parseWeiboJson(body), postId, NOW).replies);
    expect(thread).toHaveLength(3);
    expect(thread.every((r) => r.rootId === root.id)).toBe(true);
    expect([...timeline, ...pages].flatMap((p) => p.skipped)).toEqual([]);
  });
});
