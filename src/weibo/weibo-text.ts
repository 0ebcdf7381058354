/**
 * The one HTML-to-text step of minsheng: what ingestion stores, and what the
 * classifier, the reply matcher and POST /classify read, so that a message
 * is explained the same way wherever it is classified.
 */
import {
  type LinkSignal,
  EMOJI_ALT_WHOLE,
  linkHost,
  signalsOf,
  storedSignals,
  type WeiboTextSignals,
} from './text-signals';
import { storableText } from './storable-text';

export type { WeiboTextSignals } from './text-signals';

/** A Weibo text as the pipeline reads it: the clean text and what it carries. */
export interface WeiboText {
  text: string;
  signals: WeiboTextSignals;
}

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

/**
 * Decodes the named entities Weibo uses and every numeric one, except those
 * naming a control character or half a surrogate pair: the text must stay
 * storable (see storable-text.ts), so they are left as written.
 */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) {
    return text;
  }
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z]{2,8});/g, (whole, body: string) => {
    if (body[0] === '#') {
      const hex = body[1] === 'x' || body[1] === 'X';
      return fromCodePoint(parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10), whole);
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

function fromCodePoint(code: number, fallback: string): string {
  const control = (code < 0x20 && code !== 0x09 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f);
  const surrogate = code >= 0xd800 && code <= 0xdfff;
  // Bidirectional overrides and isolates, which storableText removes too.
  const bidi = (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
  if (!Number.isInteger(code) || code <= 0 || code > 0x10ffff || control || surrogate || bidi) {
    return fallback;
  }
  return String.fromCodePoint(code);
}

// A tag, with quoted attribute values that may contain '>'.
const TAG = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const ALT = /\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/i;
const HREF = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/i;
const DATA_URL = /\bdata-url\s*=/i;
// The "全文" link that closes a truncated long post.
const FULL_TEXT_LINK = /<a\s[^>]*href\s*=\s*["']?\/status\/[^>]*>\s*全文\s*<\/a>/gi;
const DROPPED_BLOCKS = /<(script|style)\b[\s\S]*?<\/\1\s*>/gi;
/** Weibo's own pages: an anchor to them (a topic search, a status) is not a link out. */
const WEIBO_PAGE = /^(?:https?:)?\/\/(?:m\.weibo\.cn|weibo\.com|m\.s\.weibo\.com|s\.weibo\.com)/i;

function attribute(pattern: RegExp, attrs: string): string | null {
  const match = pattern.exec(attrs);
  if (!match) {
    return null;
  }
  const value = match[1] ?? match[2] ?? match[3] ?? '';
  // An unquoted value runs into a self-closing slash: `alt=[微笑]/>`.
  return match[3] !== undefined ? value.replace(/\/$/, '') : value;
}

interface OpenAnchor {
  start: number;
  href: string;
  dataUrl: boolean;
  /** An image that is not an emoji: the icon of a link card. */
  icon: boolean;
}

/**
 * A link out of Weibo: an anchor that is not a mention (`/n/NAME`) and is a
 * link card (an icon, or `data-url`) or leads off Weibo's own pages.
 */
function isLinkOut(anchor: OpenAnchor): boolean {
  if (/^\/n\//i.test(anchor.href)) {
    return false;
  }
  const external = /^(?:https?:)?\/\//i.test(anchor.href) && !WEIBO_PAGE.test(anchor.href);
  return anchor.icon || anchor.dataUrl || external;
}

/**
 * Plain text of a Weibo HTML fragment and its signals: emoji become their
 * alt text (`[微笑]`), mentions `@NAME`, topics `#话题#`, `<br>` a newline; a
 * link keeps its words (`网页链接`) and is marked as a link with its address;
 * icons and other markup disappear; entities are decoded. A plain text goes
 * through unchanged but for spacing and trimming, with the signals it
 * carries. The result is storable whatever the input.
 */
export function readWeiboText(html: string): WeiboText {
  const storable = storableText(html);
  const source = storable.includes('<')
    ? storable.replace(DROPPED_BLOCKS, '').replace(FULL_TEXT_LINK, '')
    : storable;
  let text = '';
  let from = 0;
  let open: OpenAnchor | null = null;
  const anchors: (OpenAnchor & { end: number })[] = [];
  for (const match of source.matchAll(TAG)) {
    text += decodeEntities(source.slice(from, match.index));
    from = match.index + match[0].length;
    const [, closing, rawName, attrs] = match;
    if (rawName === undefined) {
      continue; // comment
    }
    const name = rawName.toLowerCase();
    if (name === 'br') {
      text += '\n';
    } else if (name === 'img') {
      const alt = decodeEntities(attribute(ALT, attrs) ?? '');
      if (EMOJI_ALT_WHOLE.test(alt)) {
        text += alt;
      } else if (open) {
        open.icon = true;
      }
    } else if (name === 'p' || name === 'div') {
      text += closing ? '\n' : '';
    } else if (name === 'a' && !closing && open === null) {
      const href = decodeEntities(attribute(HREF, attrs) ?? '').trim();
      open = { start: text.length, href, dataUrl: DATA_URL.test(attrs), icon: false };
    } else if (name === 'a' && closing && open !== null) {
      anchors.push({ ...open, end: text.length });
      open = null;
    }
  }
  text += decodeEntities(source.slice(from));

  const links = anchors.filter(isLinkOut);
  const spacing = respace(text, links);
  const anchored: LinkSignal[] = [];
  // A card with no words (an icon alone) is still a link: an empty span.
  for (const { start, end, href } of links) {
    anchored.push({
      start,
      end,
      text: spacing.slice(start, end),
      href,
      host: href === '' ? null : linkHost(href),
    });
  }
  return { text: spacing, signals: signalsOf(spacing, anchored) };
}

/**
 * A stored post's or comment's text as the pipeline reads it: the clean text
 * with the signals stored beside it, or, for a row stored before signals
 * were kept (or with signals that do not fit its text), its HTML read again.
 */
export function storedWeiboText(text: string, html: string, signals: unknown): WeiboText {
  const stored = storedSignals(signals, text);
  return stored === null ? readWeiboText(html) : { text, signals: stored };
}

const SPACING: [RegExp, string][] = [
  [/\r\n?/g, '\n'],
  [/[ \t\u00a0]+\n/g, '\n'],
  [/\n{3,}/g, '\n\n'],
];

/**
 * Line ends made one newline, spaces before them and runs of blank lines
 * dropped, the text trimmed; the spans (in order, not overlapping) moved
 * with the characters they cover.
 */
function respace(text: string, spans: { start: number; end: number }[]): string {
  let current = text;
  // Every rule below is about line ends.
  const lines = text.includes('\n') || text.includes('\r');
  for (const [pattern, replacement] of lines ? SPACING : []) {
    const edits: { at: number; removed: number; added: number }[] = [];
    const next = current.replace(pattern, (whole: string, at: number) => {
      edits.push({ at, removed: whole.length, added: replacement.length });
      return replacement;
    });
    if (edits.length > 0 && spans.length > 0) {
      moveSpans(spans, edits);
    }
    current = next;
  }
  // Trimmed as String.prototype.trim trims.
  const lead = current.length - current.trimStart().length;
  const trimmed = current.trim();
  for (const span of spans) {
    span.start = Math.min(Math.max(0, span.start - lead), trimmed.length);
    span.end = Math.min(Math.max(span.start, span.end - lead), trimmed.length);
  }
  return trimmed;
}

function moveSpans(
  spans: { start: number; end: number }[],
  edits: { at: number; removed: number; added: number }[],
): void {
  const move = (offset: number, edit: number, shift: number): number => {
    const e = edits[edit];
    if (e === undefined || offset <= e.at) {
      return offset + shift;
    }
    // Inside the replaced characters: as far into the replacement as it fits.
    return e.at + shift + Math.min(offset - e.at, e.added);
  };
  let edit = 0;
  let shift = 0;
  const at = (offset: number): number => {
    while (edit < edits.length && offset >= edits[edit].at + edits[edit].removed) {
      shift += edits[edit].added - edits[edit].removed;
      edit++;
    }
    return move(offset, edit, shift);
  };
  for (const span of spans) {
    span.start = at(span.start);
    span.end = Math.max(span.start, at(span.end));
  }
}
