/**
 * Text for matching. The normaliser reads what the one HTML-to-text step
 * (weibo/weibo-text.ts) made of a message, the clean text and its signals:
 * links are taken out of the text and counted (a spam signal), full-width
 * forms folded to half-width, traditional characters to simplified,
 * invisible format characters (zero-width, direction controls) dropped,
 * whitespace collapsed. A raw text (HTML or plain, as POST /classify and the
 * learning scripts give it) is read by that same step first, so a message
 * is matched alike however it arrives.
 */
import { foldFullWidth } from '../weibo/full-width';
import type { TextSpan, WeiboTextSignals } from '../weibo/text-signals';
import { readWeiboText, type WeiboText } from '../weibo/weibo-text';
import { scanFast } from './normaliser-scan';
import { mayHaveTraditional, toSimplified } from './traditional';

export interface NormalisedText {
  /** Text for matching: no HTML, no links, emoji as alt text, half-width, simplified. */
  text: string;
  /** Whether traditional characters were folded to simplified. */
  converted: boolean;
  /** How many links were taken out (a spam signal). */
  urls: number;
}

/** A normalised text with what the single scan measured, for the classifier. */
export interface ScannedText extends NormalisedText {
  /**
   * Longest run of one repeated character (not space or control) and of
   * ASCII letters/digits in `text`, or -1 when the text was rewritten after
   * the scan (links, conversion) and they must be measured again.
   */
  sameCharRun: number;
  alnumRun: number;
}

const SPACES = /\s+/g;
/** What normaliser-scan.ts isFormatCharacter drops. */
const FORMAT = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069]/g;

/** The text with each span (in order, not overlapping) replaced by a space. */
function withoutSpans(text: string, spans: readonly TextSpan[]): string {
  let out = '';
  let from = 0;
  for (const span of spans) {
    if (span.start < from) {
      continue;
    }
    out += `${text.slice(from, span.start)} `;
    from = span.end;
  }
  return out + text.slice(from);
}

/** A clean text with links: each step in turn. */
function normaliseWithLinks(text: string, signals: WeiboTextSignals): NormalisedText {
  let folded = foldFullWidth(withoutSpans(text, signals.links)).replace(FORMAT, '');
  let converted = false;
  if (mayHaveTraditional(folded)) {
    const simplified = toSimplified(folded);
    converted = simplified !== folded;
    folded = simplified;
  }
  return { text: folded.replace(SPACES, ' ').trim(), converted, urls: signals.links.length };
}

/**
 * Normalises a clean text with its signals (what readWeiboText returns and
 * ingestion stores). The common case, no link, costs one scan. `out` is
 * filled in and returned.
 */
export function scanClean(input: WeiboText, out: ScannedText): ScannedText {
  if (input.signals.links.length === 0) {
    scanFast(input.text, out, false);
    return out;
  }
  const { text, converted, urls } = normaliseWithLinks(input.text, input.signals);
  out.text = text;
  out.converted = converted;
  out.urls = urls;
  out.sameCharRun = -1;
  out.alnumRun = -1;
  return out;
}

/**
 * Normalises a raw text, HTML or plain, as scanClean(readWeiboText(raw))
 * does: a text that cannot hold markup, an entity, a link or anything
 * unstorable skips the HTML step, which would change nothing in it but
 * spacing.
 */
export function scanText(raw: string, out: ScannedText): ScannedText {
  return scanFast(raw, out, true) ? out : scanClean(readWeiboText(raw), out);
}

/**
 * Cleans a text for matching: a raw one (HTML or plain), or with `signals`
 * the clean text readWeiboText made. The caller keeps the original text.
 */
export function normalise(text: string, signals?: WeiboTextSignals): NormalisedText {
  const out: ScannedText = { text: '', converted: false, urls: 0, sameCharRun: -1, alnumRun: -1 };
  const scanned = signals === undefined ? scanText(text, out) : scanClean({ text, signals }, out);
  return { text: scanned.text, converted: scanned.converted, urls: scanned.urls };
}
