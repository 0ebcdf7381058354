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

/** A normalised text with what the single scan measured, for the classifier. */
export interface ScannedText extends NormalisedText {
  /**
   * Longest run of one repeated character (not space or control) and of
   * ASCII letters/digits in `text`, or -1 when the text was rewritten after
   * the scan (markup, links, conversion) and they must be measured again.
   */
  sameCharRun: number;
  alnumRun: number;
}

/** JavaScript's `\s` (what String.prototype.trim strips), on a code unit. */
function isWhitespace(c: number): boolean {
  return c <= 0x20
    ? c === 0x20 || (c >= 0x09 && c <= 0x0d)
    : c === 0xa0 ||
        c === 0x1680 ||
        (c >= 0x2000 && c <= 0x200a) ||
        c === 0x2028 ||
        c === 0x2029 ||
        c === 0x202f ||
        c === 0x205f ||
        c === 0x3000 ||
        c === 0xfeff;
}

function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
}

/**
 * Scratch for rewriting a text in one pass (normalisation is synchronous),
 * with a Buffer view of the same memory: decoding UTF-16 from a Buffer is
 * the cheapest way to turn code units into a string.
 */
let buffer = new Uint16Array(512);
let bytes = Buffer.from(buffer.buffer);

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function fromBuffer(length: number): string {
  if (LITTLE_ENDIAN) {
    return bytes.toString('utf16le', 0, length * 2);
  }
  let out = '';
  for (let at = 0; at < length; at += 4096) {
    const part = buffer.subarray(at, Math.min(length, at + 4096));
    out += String.fromCharCode.apply(null, part as unknown as number[]);
  }
  return out;
}

/**
 * Cleans a raw Weibo comment for matching. The common case (plain Chinese
 * text, maybe full-width punctuation and spaces) costs one scan of the raw
 * text and at most one rewrite into a reused buffer; markup, entities and
 * possible links take the slower general path. The scan also checks for
 * traditional characters and measures the character runs the spam rules
 * need. `out` is filled in and returned; the caller keeps the original text.
 */
export function scanText(raw: string, out: ScannedText): ScannedText {
  const traditional = traditionalTriggers();
  const bits = traditional.bmp;
  const n = raw.length;
  if (buffer.length < n) {
    buffer = new Uint16Array(Math.max(n, buffer.length * 2));
    bytes = Buffer.from(buffer.buffer);
  }
  const folding = buffer;
  let hasTag = false;
  let hasEntity = false;
  let hasFullWidth = false;
  let hasAsciiLetter = false;
  let hasDotOrSlash = false;
  let hasSpace = false;
  let hasTraditional = false;
  // The full-width-folded text goes into the buffer as it is scanned, and
  // the runs are measured on it (what the text is if nothing else changes).
  let sameLongest = 0;
  let sameRun = 0;
  let previous = -1;
  let alnumLongest = 0;
  let alnumRunLength = 0;
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    let folded = c;
    if (c < 0x80) {
      if (c === 0x3c) {
        hasTag = true;
      } else if (c === 0x26) {
        hasEntity = true;
      } else if (c <= 0x20) {
        hasSpace = true;
      } else if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) {
        hasAsciiLetter = true;
      } else if (c === 0x2e || c === 0x2f) {
        hasDotOrSlash = true;
      }
    } else if (c >= 0xff01 && c <= 0xff5e) {
      hasFullWidth = true;
      folded = c - 0xfee0;
      // Full-width letters fold to ASCII ones (ｈｔｔｐ), which the URL rule must see.
      hasAsciiLetter ||= (folded | 0x20) >= 0x61 && (folded | 0x20) <= 0x7a;
      hasDotOrSlash ||= folded === 0x2e || folded === 0x2f;
    } else if (c === 0x3000) {
      hasFullWidth = true;
      hasSpace = true;
      folded = 0x20;
    } else if (c === 0xa0 || c === 0x2028 || c === 0x2029 || c === 0xfeff) {
      hasSpace = true;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      hasTraditional ||= traditional.astral.has(raw.codePointAt(i) ?? 0);
    } else if (((bits[c >>> 5] >>> (c & 31)) & 1) === 1) {
      hasTraditional = true;
    }
    folding[i] = folded;
    sameRun = folded === previous && folded > 0x20 ? sameRun + 1 : 1;
    previous = folded;
    if (sameRun > sameLongest) {
      sameLongest = sameRun;
    }
    alnumRunLength = folded < 0x80 && isAlnum(folded) ? alnumRunLength + 1 : 0;
    if (alnumRunLength > alnumLongest) {
      alnumLongest = alnumRunLength;
    }
  }

  // A link needs letters and a dot or slash; markup and entities need the general path.
  if (hasTag || hasEntity || (hasAsciiLetter && hasDotOrSlash)) {
    const general = normaliseGeneral(
      raw,
      hasTag,
      hasEntity,
      hasFullWidth,
      hasAsciiLetter,
      hasSpace,
      hasTraditional,
    );
    out.text = general.text;
    out.converted = general.converted;
    out.urls = general.urls;
    out.sameCharRun = -1;
    out.alnumRun = -1;
    return out;
  }

  let text = raw;
  if (hasSpace) {
    // Collapse each whitespace run to one space and trim (as /\s+/g → ' '
    // and trim()), in place, measuring the runs again on the result.
    let length = 0;
    let pendingSpace = false;
    sameLongest = 0;
    sameRun = 0;
    previous = -1;
    alnumLongest = 0;
    alnumRunLength = 0;
    for (let i = 0; i < n; i++) {
      const c = folding[i];
      if (isWhitespace(c)) {
        pendingSpace = length > 0;
        continue;
      }
      if (pendingSpace) {
        folding[length++] = 0x20;
        pendingSpace = false;
        previous = 0x20;
        sameRun = 1;
        alnumRunLength = 0;
      }
      folding[length++] = c;
      sameRun = c === previous && c > 0x20 ? sameRun + 1 : 1;
      previous = c;
      if (sameRun > sameLongest) {
        sameLongest = sameRun;
      }
      alnumRunLength = isAlnum(c) ? alnumRunLength + 1 : 0;
      if (alnumRunLength > alnumLongest) {
        alnumLongest = alnumRunLength;
      }
    }
    text = fromBuffer(length);
  } else if (hasFullWidth) {
    text = fromBuffer(n);
  }
  let converted = false;
  if (hasTraditional) {
    const simplified = toSimplified(text);
    converted = simplified !== text;
    text = simplified;
  }
  out.text = text;
  out.converted = converted;
  out.urls = 0;
  out.sameCharRun = converted ? -1 : sameLongest;
  out.alnumRun = converted ? -1 : alnumLongest;
  return out;
}

/** Markup, entities or links: each transformation in turn, as the scan's flags call for. */
function normaliseGeneral(
  raw: string,
  hasTag: boolean,
  hasEntity: boolean,
  hasFullWidth: boolean,
  hasAsciiLetter: boolean,
  hasSpace: boolean,
  hasTraditional: boolean,
): NormalisedText {
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

/** Cleans a raw Weibo comment for matching (see scanText); the caller keeps the original text. */
export function normalise(raw: string): NormalisedText {
  const { text, converted, urls } = scanText(raw, {
    text: '',
    converted: false,
    urls: 0,
    sameCharRun: -1,
    alnumRun: -1,
  });
  return { text, converted, urls };
}
