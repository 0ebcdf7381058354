/**
 * What a Weibo text carries besides its words: links, emoji, mentions and
 * topics, each with where it sits in the clean text (UTF-16 offsets, `end`
 * exclusive). Links come from the HTML (an external anchor or a link card)
 * and from addresses written in the text; emoji, mentions and topics are
 * read from the clean text, so a plain text gives the same signals as the
 * HTML it was cleaned from, link cards aside (plain text has lost them).
 */
import { foldFullWidth } from './full-width';
import { storableText } from './storable-text';

export interface TextSpan {
  start: number;
  end: number;
  /** The clean text's characters in the span. */
  text: string;
}

export interface LinkSignal extends TextSpan {
  /** The anchor's href, or the address written in the text (full-width folded). */
  href: string;
  /** The host the link leads to (through a weibo.cn/sinaurl redirect, its target's); null when unreadable. */
  host: string | null;
}

export interface WeiboTextSignals {
  links: LinkSignal[];
  emoji: TextSpan[];
  mentions: TextSpan[];
  topics: TextSpan[];
}

export const NO_SIGNALS: WeiboTextSignals = Object.freeze({
  links: [],
  emoji: [],
  mentions: [],
  topics: [],
});

/** Emoji alt text such as `[微笑]` (1–8 characters in square brackets). */
export const EMOJI_ALT = /\[[^[\]\s]{1,8}\]/gu;
/** An `<img alt>` that is an emoji: the whole alt is one emoji alt text. */
export const EMOJI_ALT_WHOLE = /^\[[^[\]\s]{1,8}\]$/u;
/** `@NAME` mentions. */
export const MENTION = /@[^\s@:：,，.。!！?？;；、)）(（]{1,30}/gu;
/** `#话题#` topics. */
export const TOPIC = /#[^#\s]{1,64}#/gu;
/**
 * An address written in the text, on the full-width-folded text (ｈｔｔｐ
 * counts): it ends at the first space, quote or CJK character, since
 * Chinese runs on after a link without a space.
 */
export const LINK =
  /(?:https?:\/\/|www\.)[^\s<>"'\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+|\bt\.cn\/[A-Za-z0-9]+/gi;

function spansOf(text: string, pattern: RegExp, lead?: string): TextSpan[] {
  const spans: TextSpan[] = [];
  if (lead !== undefined && !text.includes(lead)) {
    return spans;
  }
  for (const match of text.matchAll(pattern)) {
    const start = match.index;
    spans.push({ start, end: start + match[0].length, text: match[0] });
  }
  return spans;
}

const ABSOLUTE = /^(?:https?:)?\/\//i;
const BARE_HOST = /^(?:www\.|t\.cn\/)/i;
const SINA_REDIRECT = /^(?:https?:)?\/\/(?:m\.)?weibo\.cn\/sinaurl\?(?:[^#]*&)?u=([^&#]+)/i;

/** The host a link leads to: its own, or the target's of a weibo.cn/sinaurl redirect. */
export function linkHost(href: string): string | null {
  const redirect = SINA_REDIRECT.exec(href);
  if (redirect) {
    try {
      const target = decodeURIComponent(redirect[1]);
      const host = ABSOLUTE.test(target) || BARE_HOST.test(target) ? linkHost(target) : null;
      if (host !== null) {
        return host;
      }
    } catch {
      // An unreadable target: the redirect's own host below.
    }
  }
  const address = ABSOLUTE.test(href)
    ? href.replace(/^\/\//, 'https://')
    : BARE_HOST.test(href)
      ? `https://${href}`
      : href;
  try {
    // Relative addresses are Weibo's own pages.
    const url = new URL(address, 'https://m.weibo.cn');
    return url.protocol === 'http:' || url.protocol === 'https:'
      ? storableText(url.hostname.toLowerCase())
      : null;
  } catch {
    return null;
  }
}

/** Addresses written in the text, outside the spans already known as links. */
function writtenLinks(text: string, anchored: readonly LinkSignal[]): LinkSignal[] {
  const found: LinkSignal[] = [];
  for (const span of spansOf(foldFullWidth(text), LINK)) {
    if (anchored.some((a) => span.start < a.end && a.start < span.end)) {
      continue;
    }
    const folded = span.text;
    found.push({
      ...span,
      text: text.slice(span.start, span.end),
      href: folded,
      host: linkHost(folded),
    });
  }
  return found;
}

/** The signals of a clean text, with the link anchors its HTML had (none for plain text). */
export function signalsOf(text: string, anchored: readonly LinkSignal[] = []): WeiboTextSignals {
  const links = [...anchored, ...writtenLinks(text, anchored)].sort((a, b) => a.start - b.start);
  return {
    links,
    emoji: spansOf(text, EMOJI_ALT, '['),
    mentions: spansOf(text, MENTION, '@'),
    topics: spansOf(text, TOPIC, '#'),
  };
}

function isSpanList(value: unknown, text: string, link: boolean): boolean {
  return (
    Array.isArray(value) &&
    value.every((item: unknown) => {
      if (typeof item !== 'object' || item === null) {
        return false;
      }
      const span = item as Partial<LinkSignal>;
      return (
        Number.isInteger(span.start) &&
        Number.isInteger(span.end) &&
        (span.start as number) >= 0 &&
        (span.start as number) <= (span.end as number) &&
        (span.end as number) <= text.length &&
        typeof span.text === 'string' &&
        (!link ||
          (typeof span.href === 'string' && (span.host === null || typeof span.host === 'string')))
      );
    })
  );
}

/** Signals read back from the database, checked against the text they belong to; null when not usable. */
export function storedSignals(value: unknown, text: string): WeiboTextSignals | null {
  if (typeof value !== 'object' || value === null) {
    return null;
  }
  const v = value as Record<string, unknown>;
  return isSpanList(v.links, text, true) &&
    isSpanList(v.emoji, text, false) &&
    isSpanList(v.mentions, text, false) &&
    isSpanList(v.topics, text, false)
    ? (value as WeiboTextSignals)
    : null;
}
