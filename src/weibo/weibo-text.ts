/** Weibo's HTML fragments and display counts, turned into plain values. */

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  '#39': "'",
};

/** Decodes the named entities Weibo uses and every numeric one. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+|#39);/g, (whole, body: string) => {
    if (body.startsWith('#x') || body.startsWith('#X')) {
      return fromCodePoint(parseInt(body.slice(2), 16), whole);
    }
    if (body.startsWith('#')) {
      return fromCodePoint(parseInt(body.slice(1), 10), whole);
    }
    return NAMED_ENTITIES[body] ?? whole;
  });
}

function fromCodePoint(code: number, fallback: string): string {
  if (!Number.isInteger(code) || code < 0 || code > 0x10ffff) {
    return fallback;
  }
  return String.fromCodePoint(code);
}

// A tag, with quoted attribute values that may contain '>'.
const TAG = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const ALT = /\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/i;
// The "全文" link that closes a truncated long post.
const FULL_TEXT_LINK = /<a\s[^>]*href\s*=\s*["']?\/status\/[^>]*>\s*全文\s*<\/a>/gi;
const DROPPED_BLOCKS = /<(script|style)\b[\s\S]*?<\/\1\s*>/gi;

function attribute(pattern: RegExp, attrs: string): string | null {
  const match = pattern.exec(attrs);
  if (!match) {
    return null;
  }
  const value = match[1] ?? match[2] ?? match[3] ?? '';
  // An unquoted value runs into a self-closing slash: `alt=[微笑]/>`.
  return match[3] !== undefined ? value.replace(/\/$/, '') : value;
}

/**
 * Plain text of a Weibo HTML fragment: emoji become their alt text (`[微笑]`),
 * mentions `@NAME`, topics `#话题#`, `<br>` a newline; link icons and other
 * markup disappear; entities are decoded.
 */
export function cleanWeiboHtml(html: string): string {
  const withoutBlocks = html.replace(DROPPED_BLOCKS, '').replace(FULL_TEXT_LINK, '');
  const text = withoutBlocks.replace(
    TAG,
    (_whole, closing: string, rawName: string | undefined, attrs: string) => {
      if (rawName === undefined) {
        return ''; // comment
      }
      const name = rawName.toLowerCase();
      if (name === 'br') {
        return '\n';
      }
      if (name === 'img') {
        const alt = attribute(ALT, attrs);
        return alt === null ? '' : decodeEntities(alt);
      }
      if (name === 'p' || name === 'div') {
        return closing ? '\n' : '';
      }
      return '';
    },
  );
  return decodeEntities(text)
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00a0]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const MULTIPLIERS: Record<string, number> = { 万: 10_000, w: 10_000, W: 10_000, 亿: 100_000_000 };

/**
 * A Weibo count as a number: 12, "12", "100+" → 100, "1万+" → 10000,
 * "3.2万" → 32000, "1.5亿" → 150000000. Absent or unreadable counts are 0:
 * Weibo omits a count it has nothing to say about.
 */
export function parseCount(value: unknown): number {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value > 0 ? Math.trunc(value) : 0;
  }
  if (typeof value !== 'string') {
    return 0;
  }
  const s = value.replace(/[\s,，]/g, '').replace(/\+$/, '');
  const match = /^(\d+(?:\.\d+)?)(万|亿|w|W)?$/.exec(s);
  if (!match) {
    return 0;
  }
  const multiplier = match[2] === undefined ? 1 : MULTIPLIERS[match[2]];
  return Math.round(Number(match[1]) * multiplier);
}
