/**
 * Light text normalisation for matching replies: HTML to text (emoji kept as
 * their alt text), the leading `回复@NAME:` removed, full-width folded,
 * and traditional characters folded to simplified with the classifier's
 * OpenCC folding.
 */
import { mayHaveTraditional, toSimplified } from '../classification/traditional';

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

/** The same OpenCC folding the classifier uses, only when the text has a traditional character. */
export function foldTraditional(text: string): string {
  return mayHaveTraditional(text) ? toSimplified(text) : text;
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
