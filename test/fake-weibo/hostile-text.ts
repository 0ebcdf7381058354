/**
 * Comment texts and names that a hostile citizen (or a broken client) can
 * post under a leader's post, for the fake Weibo to serve. The fake writes
 * them with JSON.stringify, as Weibo does: NUL and the other controls as
 * `\u0000`-style escapes, a lone surrogate as `\ud83d`. Each text comes with
 * what minsheng should store for it.
 */
import type { FakeCommentInput } from './weibo-builders';

export interface HostileText {
  name: string;
  html: string;
  /** The stored comment text once made storable. */
  stored: string;
}

const HUGE_LENGTH = 50_000;

export const HOSTILE_TEXTS: HostileText[] = [
  {
    name: 'NUL and a lone surrogate',
    html: '我要投诉\u0000派出所不管\ud83d小区门口飙车',
    stored: '我要投诉派出所不管\uFFFD小区门口飙车',
  },
  {
    name: 'C0 and C1 controls, DEL and a carriage return',
    html: '路口\u0001红绿灯\u0007坏了\u001b[31m三天\u007f了\u0085\r\n建议修好\ttoday',
    stored: '路口红绿灯坏了[31m三天了\n建议修好\ttoday',
  },
  {
    name: 'a low surrogate alone and a pair cut the wrong way round',
    html: '顶\udc00一下\ude00\ud83d',
    stored: '顶\uFFFD一下\uFFFD\uFFFD',
  },
  {
    name: 'a right-to-left override (removed: it reorders the text) and zero-width characters (kept: valid text)',
    html: '求助\u202e诈骗\u202c电话\u200b\u200d\ufeff转账',
    stored: '求助诈骗电话\u200b\u200d\ufeff转账',
  },
  {
    name: 'a huge comment',
    html: '投诉'.repeat(HUGE_LENGTH / 2),
    stored: '投诉'.repeat(HUGE_LENGTH / 2),
  },
];

/** A citizen's name carrying NUL and a lone surrogate. */
export const HOSTILE_NAME = { served: '市民\u0000小\ud800王', stored: '市民小\uFFFD王' };

/** One comment per hostile text, ids `${idPrefix}1`, `${idPrefix}2`, ... */
export function hostileComments(
  idPrefix: string,
  createdAt: Date,
): { comment: FakeCommentInput; stored: string }[] {
  return HOSTILE_TEXTS.map((hostile, i) => ({
    comment: {
      id: `${idPrefix}${i + 1}`,
      userId: String(7_100_000_000 + i),
      userName: i === 0 ? HOSTILE_NAME.served : `市民${i}`,
      text: hostile.html,
      createdAt: new Date(createdAt.getTime() + i * 60_000),
    },
    stored: hostile.stored,
  }));
}
