/**
 * Realistic m.weibo.cn response bodies without HTTP, built by the same model
 * and builders the fake server uses: for benchmarks and parser tests.
 *
 *   const feed = recordedFeed({ posts: 5, commentsPerPost: 100, repliesPerComment: 3 });
 *   feed.timelinePages()        // JSON bodies of getIndex pages 1..n
 *   feed.commentPages(postId)   // JSON bodies of hotflow pages, following max_id
 *   feed.replyPages(rootId)     // JSON bodies of hotFlowChild pages
 */
import { parseWeiboJson } from '../../src/weibo/weibo-json';
import { FakeWeiboModel, type FakeWeiboModelOptions } from './fake-weibo-model';

export interface RecordedFeedOptions extends FakeWeiboModelOptions {
  uid?: string;
  screenName?: string;
  posts?: number;
  commentsPerPost?: number;
  repliesPerComment?: number;
  /** Seed of the deterministic generator. */
  seed?: number;
  /** Time of the newest post; older items step back from it. */
  newest?: Date;
}

/** mulberry32: a small seeded PRNG, so recorded bodies are the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMPLAINTS = [
  '小区门口每天晚上都有人飙车，噪音太大了，希望交警管一管',
  '我的身份证补办已经一个月了还没拿到，派出所说系统问题',
  '接到一个自称公安局的电话让我转账到安全账户，这是不是诈骗？',
  '楼下烧烤店油烟扰民，投诉了好几次都没人处理',
  '请问外地户口在本市办居住证需要什么材料？',
  '感谢民警同志帮我找回了丢失的钱包<img alt=[赞] src="https://face.t.sinajs.cn/t4/appstyle/expression/ext/normal/d0/zan.png" style="width:1em; height:1em;" />',
  '路口红绿灯坏了三天了，早高峰特别危险 <a href="https://m.weibo.cn/search?containerid=231522type%3D1%26q%3D%23交通安全%23"><span class="surl-text">#交通安全#</span></a>',
  '<a href=\'/n/平安某市\'>@平安某市</a> 我们村的路灯一直不亮，晚上出门很不安全<img alt="[怒]" src="https://face.t.sinajs.cn/t4/appstyle/expression/ext/normal/7c/angrya.png" />',
  '工地晚上十二点还在施工，吵得孩子睡不着觉',
  '支持！<img alt=[good] src="https://face.t.sinajs.cn/good.png" />',
  '加微信领红包 稳赚不赔 日入过万 <span class="url-icon"><img style="width: 1rem;height: 1rem" src="https://h5.sinaimg.cn/upload/2015/09/25/3/timeline_card_small_web_default.png"></span><span class="surl-text">网页链接</span>',
];
const REPLIES = [
  '已转相关部门核实处理',
  '收到，已安排民警联系您',
  '同样的问题，希望尽快解决',
  '顶一下',
  '谢谢回复',
];
const PROVINCES = ['来自广东', '来自北京', '来自四川', '来自浙江', '来自河南', '来自江苏'];

export interface RecordedFeed {
  model: FakeWeiboModel;
  uid: string;
  postIds: string[];
  timelinePages(): string[];
  commentPages(postId: string): string[];
  replyPages(rootCommentId: string): string[];
  longText(postId: string): string;
}

/** A leader's feed with posts, comments and reply threads, deterministic for a seed. */
export function recordedFeed(options: RecordedFeedOptions = {}): RecordedFeed {
  const random = seededRandom(options.seed ?? 1);
  const uid = options.uid ?? '1234567890';
  const newest = options.newest ?? new Date('2025-01-04T06:07:28Z');
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
  const model = new FakeWeiboModel({ commentsPageSize: 20, repliesPageSize: 10, ...options });
  model.addUser(uid, options.screenName ?? '平安某市');
  const postIds: string[] = [];
  let nextId = 5_100_000_000_000_000; // 16 digits, like today's Weibo ids
  const minutesBefore = (minutes: number): Date => new Date(newest.getTime() - minutes * 60_000);

  for (let p = 0; p < (options.posts ?? 3); p++) {
    const postId = String(nextId++);
    postIds.push(postId);
    model.addPost(uid, {
      id: postId,
      text: `【警情通报】第${p + 1}期：近期电信诈骗高发，请广大市民提高警惕。`,
      createdAt: minutesBefore(p * 180),
      pinned: p === 0 && (options.posts ?? 3) > 2,
      isLongText: p % 4 === 1,
      longText: `【警情通报】第${p + 1}期全文：近期电信诈骗高发……<br />如遇可疑情况请拨打110。`,
    });
    for (let c = 0; c < (options.commentsPerPost ?? 30); c++) {
      const commentId = String(nextId++);
      const commentAt = minutesBefore(p * 180 - 1 - Math.floor(random() * 170));
      model.addComment(postId, {
        id: commentId,
        userId: String(6_000_000_000 + Math.floor(random() * 1_000_000_000)),
        userName: `市民${Math.floor(random() * 100_000)}`,
        text: pick(COMPLAINTS),
        createdAt: commentAt,
        likeCount: Math.floor(random() ** 3 * 500),
        source: pick(PROVINCES),
      });
      let previousReply: string | undefined;
      for (let r = 0; r < (options.repliesPerComment ?? 2); r++) {
        const replyId = String(nextId++);
        const byLeader = r === 0 && random() < 0.5;
        model.addReply(commentId, {
          id: replyId,
          userId: byLeader ? uid : String(6_000_000_000 + Math.floor(random() * 1_000_000_000)),
          userName: byLeader
            ? (options.screenName ?? '平安某市')
            : `网友${Math.floor(random() * 100_000)}`,
          text: pick(REPLIES),
          createdAt: new Date(commentAt.getTime() + (r + 1) * 60_000),
          replyToCommentId: r > 0 && random() < 0.5 ? previousReply : undefined,
        });
        previousReply = replyId;
      }
    }
  }

  const follow = (
    first: string,
    next: (maxId: string) => string,
    cursor: (body: string) => string,
  ): string[] => {
    const pages = [first];
    for (let maxId = cursor(first); maxId !== '0'; maxId = cursor(pages[pages.length - 1])) {
      pages.push(next(maxId));
    }
    return pages;
  };
  const body = (path: string, query: Record<string, string>): string =>
    model.respond(path, new URLSearchParams(query)).body;
  const record = (value: unknown): Record<string, unknown> =>
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const cursorOf = (value: unknown): string =>
    typeof value === 'number' || typeof value === 'string' ? String(value) : '0';
  const hotflowMaxId = (text: string): string =>
    cursorOf(record(record(parseWeiboJson(text)).data).max_id);
  const childMaxId = (text: string): string => cursorOf(record(parseWeiboJson(text)).max_id);

  return {
    model,
    uid,
    postIds,
    timelinePages: () => {
      const pages: string[] = [];
      for (let page = 1; ; page++) {
        const text = body('/api/container/getIndex', {
          containerid: `107603${uid}`,
          page: String(page),
        });
        if (text.startsWith('{"ok":0')) {
          return pages;
        }
        pages.push(text);
      }
    },
    commentPages: (postId) =>
      follow(
        body('/comments/hotflow', { id: postId, mid: postId, max_id_type: '0' }),
        (maxId) =>
          body('/comments/hotflow', { id: postId, mid: postId, max_id: maxId, max_id_type: '0' }),
        hotflowMaxId,
      ),
    replyPages: (rootCommentId) => {
      const page = (maxId: string): string =>
        body('/comments/hotFlowChild', { cid: rootCommentId, max_id: maxId, max_id_type: '0' });
      return follow(page('0'), page, childMaxId);
    },
    longText: (postId) => body('/statuses/extend', { id: postId }),
  };
}
