/**
 * Deterministic feeds on the fake Weibo for the load benchmarks and the
 * soak: each leader gets a few recent posts with citizens' comments (a mix
 * of complaints, requests for help, praise and spam) and some replies.
 */
import type { FakeWeibo } from '../test/fake-weibo/fake-weibo-server';

const COMMENTS = [
  '我要投诉，小区门口每天晚上都有人飙车炸街，吵得睡不着，派出所也不管',
  '请问办理居住证需要带什么材料？在哪个窗口办理？',
  '求助：老人走失了，穿灰色外套，最后出现在人民公园附近',
  '建议在学校门口增加交通协管员，早高峰太乱了',
  '辛苦了，感谢交警同志',
  '加微信看福利，私信有惊喜',
  '楼下烧烤摊油烟太大，多次反映没人处理，希望尽快解决',
  '点赞！民警同志为人民服务',
];

export interface FakeFeedShape {
  postsPerFeed: number;
  commentsPerPost: number;
  /** One reply (by a citizen) under every n-th comment; 0 for none. */
  replyEvery: number;
}

export const DEFAULT_FEED_SHAPE: FakeFeedShape = {
  postsPerFeed: 2,
  commentsPerPost: 6,
  replyEvery: 3,
};

/** Adds the feeds; ids derive from the uid so two runs hold the same comments. */
export function populateFakeFeeds(
  weibo: FakeWeibo,
  uids: string[],
  now: Date,
  shape: FakeFeedShape = DEFAULT_FEED_SHAPE,
): { comments: number } {
  let comments = 0;
  uids.forEach((uid, u) => {
    weibo.addUser(uid, `警方发布${u}`);
    for (let p = 0; p < shape.postsPerFeed; p++) {
      const postId = `${uid}${String(p).padStart(2, '0')}`;
      const postAt = new Date(now.getTime() - (p + 1) * 3 * 3_600_000);
      weibo.addPost(uid, { id: postId, text: `警情通报第${p}号`, createdAt: postAt });
      for (let c = 0; c < shape.commentsPerPost; c++) {
        const commentId = `${postId}${String(c).padStart(3, '0')}`;
        weibo.addComment(postId, {
          id: commentId,
          userId: String(7_000_000_000 + ((u * 31 + c) % 900_000)),
          userName: `市民${c}`,
          text: `${COMMENTS[(u + p + c) % COMMENTS.length]}（${c}）`,
          createdAt: new Date(postAt.getTime() + (c + 1) * 60_000),
          likeCount: shape.commentsPerPost - c,
        });
        comments += 1;
        if (shape.replyEvery > 0 && c % shape.replyEvery === 0) {
          weibo.addReply(commentId, {
            id: `${commentId}9`,
            userId: String(8_000_000_000 + c),
            userName: `网友${c}`,
            text: '回复@市民:同样的问题，希望重视',
            createdAt: new Date(postAt.getTime() + (c + 2) * 60_000),
          });
          comments += 1;
        }
      }
    }
  });
  return { comments };
}
