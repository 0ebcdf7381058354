/**
 * Light text normalisation for matching replies: the one HTML-to-text step
 * (readWeiboText: emoji kept as their alt text), the leading `回复@NAME:`
 * removed, full-width folded, and traditional characters folded to
 * simplified with the classifier's OpenCC folding.
 */
import { mayHaveTraditional, toSimplified } from '../classification/traditional';
import { foldFullWidth } from '../weibo/full-width';
import { EMOJI_ALT, LINK, MENTION } from '../weibo/text-signals';
import { readWeiboText } from '../weibo/weibo-text';

export { EMOJI_ALT, MENTION } from '../weibo/text-signals';

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

/** HTML read as text, width and traditional forms folded, reply prefix removed, lower case. */
export function normaliseReply(text: string): string {
  return stripReplyPrefix(foldTraditional(foldFullWidth(readWeiboText(text).text)))
    .toLowerCase()
    .trim();
}

const PUNCTUATION_AND_SPACE = /[\p{P}\p{S}\p{Z}\s]/gu;

/** The words of a reply without emoji, mentions, links, punctuation or spaces. */
export function replyCore(text: string): string {
  return normaliseReply(text)
    .replace(EMOJI_ALT, '')
    .replace(LINK, '')
    .replace(MENTION, '')
    .replace(PUNCTUATION_AND_SPACE, '');
}
