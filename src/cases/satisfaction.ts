/**
 * Citizen satisfaction: the survey level recorded by staff (110 call-back or
 * SMS, SPEC section 4) and the signal in a citizen's own later reply.
 */
import { EMOJI_ALT, foldTraditional, normaliseReply } from './reply-text';

export type SatisfactionLevel = {
  level: '满意' | '较满意' | '一般' | '不满意';
  score: 100 | 75 | 50 | 0;
};

const LEVELS: Record<string, SatisfactionLevel> = {
  满意: { level: '满意', score: 100 },
  较满意: { level: '较满意', score: 75 },
  一般: { level: '一般', score: 50 },
  不满意: { level: '不满意', score: 0 },
};

/** One of 满意 / 较满意 / 一般 / 不满意 (traditional 滿意 / 較滿意 / 不滿意 too), else null. */
export function parseSatisfactionLevel(input: string): SatisfactionLevel | null {
  if (typeof input !== 'string') {
    return null;
  }
  const key = foldTraditional(input.trim());
  return Object.prototype.hasOwnProperty.call(LEVELS, key) ? (LEVELS[key] ?? null) : null;
}

export type SatisfactionSignal = 'thanks' | 'complaint_again';

/** A negated good word: 不满意, 没解决, 还没有处理, 并未解决, 没人管 … */
const NEGATED_GOOD =
  /(不|没|未|没有|并未|并没有|还没|还没有|尚未|仍未|从未)(太|很|怎么|是很|是|能|有)?(满意|解决|处理|落实|整改|回复|答复|理|效果|改善|变化)/u;

const COMPLAINT_AGAIN = new RegExp(
  [
    '还是没',
    '没人管',
    '没管',
    '不管不问',
    '没用',
    '没有用',
    '没人理',
    '无人管',
    '不满意',
    '敷衍',
    '依然',
    '依旧',
    '仍然',
    '照旧',
    '再次投诉',
    '继续投诉',
    '又投诉',
    '石沉大海',
    '踢皮球',
    '推诿',
    '不作为',
    '不了了之',
    '走过场',
    '失望',
    '形式主义',
    '一点用没有',
    '又(来|开始|在|是|出现|有|被|吵|响|堵|发生|闹|回来)',
    '(还|仍)在(吵|闹|响|堵|继续|营业|施工|排放)',
    '\\[(怒|怒骂|抓狂|失望|生病|鄙视|吐|哼|伤心)\\]',
  ].join('|'),
  'u',
);

const THANKS =
  /谢谢|感谢|多谢|已解决|解决了|处理了|满意|点赞|赞|辛苦了|给力|效率高|好评|为.{0,6}点赞|\[(good|赞|鼓掌|给力|心|爱你|ok|作揖|抱拳)\]/u;

/**
 * What a citizen's later reply in the thread says about the handling:
 * complaining again wins over thanks (谢谢你们的敷衍 is a complaint), a
 * negated good word counts as a complaint (不满意, 还没解决), and a question
 * (解决了吗) is no signal.
 */
export function detectSatisfactionSignal(citizenReplyText: string): SatisfactionSignal | null {
  const text = normaliseReply(citizenReplyText);
  if (NEGATED_GOOD.test(text) || COMPLAINT_AGAIN.test(text)) {
    return 'complaint_again';
  }
  const withoutQuestions = text
    .replace(EMOJI_ALT, (emoji) => ` ${emoji} `)
    .replace(/(解决|处理|满意)了?(吗|么|没有?)[?？]?/gu, '');
  return THANKS.test(withoutQuestions) ? 'thanks' : null;
}
