/**
 * The normaliser's fast path: one scan of a text with no link (what nearly
 * every citizen comment is), written into a reused buffer.
 */
import type { ScannedText } from './normaliser';
import { toSimplified, traditionalTriggers } from './traditional';

/**
 * Whether a run of character `c` counts as repetition: not a space or a
 * control, and not an ASCII digit, since a run of one digit is a number (a
 * phone number masked as 000000000000), which the contact rule judges.
 */
export function repeats(c: number): boolean {
  return c > 0x20 && (c < 0x30 || c > 0x39);
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

/**
 * Invisible format characters (Unicode Cf) a text can carry to split a word
 * for the eye or turn its direction: soft hyphen, zero-width space and
 * joiners, direction marks, embeddings, overrides and isolates, word joiner.
 * They say nothing; matching drops them, so 投\u200B诉 reads as 投诉. (U+FEFF
 * is whitespace to JavaScript and collapses with it.)
 */
export function isFormatCharacter(c: number): boolean {
  return (
    c === 0xad ||
    (c >= 0x200b && c <= 0x200f) ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2060 && c <= 0x2064) ||
    (c >= 0x2066 && c <= 0x2069)
  );
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

const lower = (c: number): number => c | 0x20;

/**
 * Whether the full-width-folded code units `units[0..n)` hold what every
 * address written in a text starts with (weibo/text-signals.ts LINK):
 * `://`, `www.` or `t.cn/`, letters in either case. A letter next to a dot
 * or a slash is common in letters (A6区, 5.1, 2019/5/7) and no link.
 */
function mayHoldLink(units: Uint16Array, n: number): boolean {
  for (let i = 0; i + 2 < n; i++) {
    const c = units[i];
    if (c === 0x3a) {
      if (units[i + 1] === 0x2f && units[i + 2] === 0x2f) {
        return true;
      }
    } else if (c === 0x2e && i > 0) {
      const before = lower(units[i - 1]);
      if (
        (before === 0x77 &&
          i >= 3 &&
          lower(units[i - 2]) === 0x77 &&
          lower(units[i - 3]) === 0x77) ||
        (before === 0x74 &&
          lower(units[i + 1]) === 0x63 &&
          lower(units[i + 2]) === 0x6e &&
          i + 3 < n &&
          units[i + 3] === 0x2f)
      ) {
        return true;
      }
    }
  }
  return false;
}

/**
 * Normalises a text without links in one scan and at most one rewrite into
 * a reused buffer: full-width folded, whitespace collapsed, traditional
 * characters folded, and the character runs the spam rules need measured.
 * With `bailOnMarkup` (a raw text, not yet read by readWeiboText), a text
 * that may hold markup, an entity, a link, a control character or a lone
 * surrogate is left alone and false returned: it needs the general path. `out` is filled in otherwise.
 */
export function scanFast(raw: string, out: ScannedText, bailOnMarkup: boolean): boolean {
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
  let hasFormat = false;
  // A control or a lone surrogate: readWeiboText would take it out.
  let unstorable = false;
  let pairedLow = -1;
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
        unstorable ||= c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d;
      } else if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) {
        hasAsciiLetter = true;
      } else if (c === 0x2e || c === 0x2f) {
        hasDotOrSlash = true;
      } else if (c === 0x7f) {
        unstorable = true;
      }
    } else if (c <= 0x9f) {
      unstorable = true;
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
      const next = i + 1 < n ? raw.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        pairedLow = i + 1;
        hasTraditional ||= traditional.astral.has(raw.codePointAt(i) ?? 0);
      } else {
        unstorable = true;
      }
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      unstorable ||= i !== pairedLow;
    } else if (c <= 0x206f && isFormatCharacter(c)) {
      hasFormat = true;
    } else if (((bits[c >>> 5] >>> (c & 31)) & 1) === 1) {
      hasTraditional = true;
    }
    folding[i] = folded;
    sameRun = folded === previous && repeats(folded) ? sameRun + 1 : 1;
    previous = folded;
    if (sameRun > sameLongest) {
      sameLongest = sameRun;
    }
    alnumRunLength = folded < 0x80 && isAlnum(folded) ? alnumRunLength + 1 : 0;
    if (alnumRunLength > alnumLongest) {
      alnumLongest = alnumRunLength;
    }
  }

  // Markup, entities, what is not storable and a possible link need the general path.
  if (
    bailOnMarkup &&
    (hasTag ||
      hasEntity ||
      unstorable ||
      (hasAsciiLetter && hasDotOrSlash && mayHoldLink(folding, n)))
  ) {
    return false;
  }

  let text = raw;
  if (hasSpace || hasFormat) {
    // Drop format characters, collapse each whitespace run to one space and
    // trim (as /\s+/g → ' ' and trim()), in place, measuring the runs again
    // on the result.
    let length = 0;
    let pendingSpace = false;
    sameLongest = 0;
    sameRun = 0;
    previous = -1;
    alnumLongest = 0;
    alnumRunLength = 0;
    for (let i = 0; i < n; i++) {
      const c = folding[i];
      if (hasFormat && isFormatCharacter(c)) {
        continue;
      }
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
      sameRun = c === previous && repeats(c) ? sameRun + 1 : 1;
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
  return true;
}
