/**
 * Light text normalisation for matching replies: HTML to text (emoji kept as
 * their alt text), the leading `回复@NAME:` removed, full-width folded,
 * and the traditional characters that occur in our phrase lists folded to
 * simplified. The classification normaliser (OpenCC, jieba) is heavier and
 * lives elsewhere; these matchers need only their own vocabulary.
 */

/** Pairs of (traditional, simplified) characters, all in the BMP. */
const TRADITIONAL_PAIRS =
  '轉转關关門门謝谢記记錄录處处滿满較较決决還还沒没應应復复覆复請请撥拨電电話话熱热線线' +
  '聯联繫系係系員员盡尽將将們们對对問问題题況况饋馈續续進进達达實实認认證证據据號号點点' +
  '時时現现場场經经辦办結结罰罚獲获約约談谈責责賠赔訴诉贊赞讚赞給给輛辆車车補补樣样變变' +
  '覺觉見见報报導导維维護护隊队區区戶户為为後后這这個个歡欢務务單单與与協协調调極极無无' +
  '麼么嗎吗聽听鬧闹騙骗錢钱發发數数歸归趕赶絡络書书廳厅醫医療疗滅灭';

const TRADITIONAL_TO_SIMPLIFIED = new Map<string, string>();
for (let i = 0; i + 1 < TRADITIONAL_PAIRS.length; i += 2) {
  TRADITIONAL_TO_SIMPLIFIED.set(TRADITIONAL_PAIRS[i], TRADITIONAL_PAIRS[i + 1]);
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&nbsp;': ' ',
};

/** HTML to plain text; an emoji `<img alt="[微笑]">` becomes `[微笑]`. */
export function htmlToText(html: string): string {
  return html
    .replace(/<img\b[^>]*?\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>/giu, (_m, a, b, c) =>
      String(a ?? b ?? c ?? ''),
    )
    .replace(/<br\s*\/?>/giu, ' ')
    .replace(/<[^>]*>/gu, '')
    .replace(/&(?:amp|lt|gt|quot|#39|nbsp);/gu, (entity) => ENTITIES[entity] ?? entity);
}

/** Full-width ASCII and the ideographic space to their half-width forms. */
export function foldWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E\u3000]/gu, (ch) =>
    ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
  );
}

export function foldTraditional(text: string): string {
  return text.replace(/./gu, (ch) => TRADITIONAL_TO_SIMPLIFIED.get(ch) ?? ch);
}

/** Removes every leading `回复@NAME:` (also 回覆, full-width colon). */
export function stripReplyPrefix(text: string): string {
  let rest = text.trimStart();
  const prefix = /^回[复覆]\s*@[^:：\s]{1,40}\s*[:：]\s*/u;
  while (prefix.test(rest)) {
    rest = rest.replace(prefix, '');
  }
  return rest;
}

/** HTML stripped, width and traditional forms folded, reply prefix removed, lower case. */
export function normaliseReply(text: string): string {
  return stripReplyPrefix(foldTraditional(foldWidth(htmlToText(text))))
    .toLowerCase()
    .trim();
}

/** Emoji alt text such as `[微笑]` (1–8 characters in square brackets). */
export const EMOJI_ALT = /\[[^[\]\s]{1,8}\]/gu;
/** `@NAME` mentions. */
export const MENTION = /@[^\s@:：,，.。!！?？;；、)）(（]{1,30}/gu;
export const URL = /https?:\/\/\S+/gu;
const PUNCTUATION_AND_SPACE = /[\p{P}\p{S}\p{Z}\s]/gu;

/** The words of a reply without emoji, mentions, links, punctuation or spaces. */
export function replyCore(text: string): string {
  return normaliseReply(text)
    .replace(EMOJI_ALT, '')
    .replace(URL, '')
    .replace(MENTION, '')
    .replace(PUNCTUATION_AND_SPACE, '');
}
