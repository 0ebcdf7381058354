import { mayHaveTraditional, toSimplified, traditionalTriggers } from './traditional';

export interface NormalisedText {
  /** Text for matching: no HTML, emoji as alt text, half-width, simplified. */
  text: string;
  /** Whether traditional characters were folded to simplified. */
  converted: boolean;
  /** How many links were dropped (a spam signal). */
  urls: number;
}

const ANCHOR = /<a\b([^>]*)>([\s\S]*?)<\/a\s*>/gi;
const IMG = /<img\b[^>]*>/gi;
const IMG_ALT = /\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;
const BREAK = /<br\s*\/?>|<\/p\s*>|<\/div\s*>/gi;
const TAG = /<\/?[a-z][^>]*>/gi;
const ENTITY = /&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/gi;
const URL =
  /(?:https?:\/\/|www\.)[^\s<>"'\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+|\bt\.cn\/[A-Za-z0-9]+/gi;
const SPACES = /\s+/g;
/** Emoji alt text: `[微笑]`, `[赞]`, `[doge]`. */
const EMOJI_ALT = /^\[[^\]\s]{1,8}\]$/;

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  hellip: '…',
  mdash: '—',
  ldquo: '“',
  rdquo: '”',
  middot: '·',
};

function imgAlt(tag: string): string {
  const m = IMG_ALT.exec(tag);
  const alt = m ? (m[1] ?? m[2] ?? m[3] ?? '') : '';
  // Link icons and pictures carry no words; only emoji alt text is kept.
  return EMOJI_ALT.test(alt) ? alt : '';
}

function stripHtml(html: string, counter: { urls: number }): string {
  const withoutLinks = html.replace(ANCHOR, (_whole, attrs: string, inner: string) => {
    // A mention (`/n/NAME`) or a topic keeps its words; a link card (icon
    // image with no emoji alt, or an external address) is a dropped URL.
    const isMention = /href\s*=\s*["']?\/n\//i.test(attrs);
    const hasIcon = /<img\b/i.test(inner) && !/<img\b[^>]*\balt\s*=\s*["']?\[/i.test(inner);
    const external =
      /data-url\s*=|href\s*=\s*["']?(?:https?:)?\/\/(?!m\.weibo\.cn|weibo\.com|m\.s\.weibo\.com|s\.weibo\.com)/i.test(
        attrs,
      );
    if (!isMention && (hasIcon || external)) {
      counter.urls++;
      return ' ';
    }
    return inner;
  });
  return withoutLinks.replace(IMG, imgAlt).replace(BREAK, ' ').replace(TAG, '');
}

function decodeEntity(whole: string, body: string): string {
  if (body[0] === '#') {
    const code =
      body[1] === 'x' || body[1] === 'X'
        ? parseInt(body.slice(2), 16)
        : parseInt(body.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  }
  return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
}

/** Full-width ASCII (ＡＢＣ１２３？！) and the ideographic space to their half-width forms. */
function foldFullWidth(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code >= 0xff01 && code <= 0xff5e) || code === 0x3000) {
      out += text.slice(from, i) + String.fromCharCode(code === 0x3000 ? 0x20 : code - 0xfee0);
      from = i + 1;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * Cleans a raw Weibo comment for matching. The common case (plain Chinese
 * text) costs one scan; each transformation runs only when the scan saw a
 * reason for it. The caller keeps the original text.
 */
export function normalise(raw: string): NormalisedText {
  const traditional = traditionalTriggers();
  let hasTag = false;
  let hasEntity = false;
  let hasFullWidth = false;
  let hasAsciiLetter = false;
  let hasSpace = false;
  let hasTraditional = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 0x80) {
      if (c === 0x3c) {
        hasTag = true;
      } else if (c === 0x26) {
        hasEntity = true;
      } else if (c <= 0x20) {
        hasSpace = true;
      } else if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) {
        hasAsciiLetter = true;
      }
    } else if (c >= 0xff01 && c <= 0xff5e) {
      hasFullWidth = true;
      // Full-width letters fold to ASCII ones (ｈｔｔｐ), which the URL rule must see.
      hasAsciiLetter ||= (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a);
    } else if (c === 0x3000) {
      hasFullWidth = true;
      hasSpace = true;
    } else if (c === 0xa0 || c === 0x2028 || c === 0x2029 || c === 0xfeff) {
      hasSpace = true;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      hasTraditional ||= traditional.astral.has(raw.codePointAt(i) ?? 0);
      i++;
    } else if (traditional.bmp[c] === 1) {
      hasTraditional = true;
    }
  }

  const counter = { urls: 0 };
  let text = raw;
  if (hasTag) {
    text = stripHtml(text, counter);
  }
  if (hasEntity || hasTag) {
    text = text.replace(ENTITY, decodeEntity);
    // Markup and entities can hide characters from the scan above.
    hasTraditional = mayHaveTraditional(text);
    hasAsciiLetter = true;
  }
  if (hasFullWidth) {
    text = foldFullWidth(text);
  }
  if (hasAsciiLetter) {
    const before = counter.urls;
    text = text.replace(URL, () => {
      counter.urls++;
      return ' ';
    });
    hasSpace ||= counter.urls > before;
  }
  let converted = false;
  if (hasTraditional) {
    const simplified = toSimplified(text);
    converted = simplified !== text;
    text = simplified;
  }
  if (hasSpace || hasTag || hasEntity) {
    text = text.replace(SPACES, ' ').trim();
  }
  return { text, converted, urls: counter.urls };
}
