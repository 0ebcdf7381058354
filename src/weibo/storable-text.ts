/**
 * Strings from Weibo made storable in PostgreSQL. `text` refuses NUL and
 * `jsonb` refuses `\u0000` and unpaired surrogates, so one comment carrying
 * them would fail the whole post's transaction. Every string read from a
 * Weibo response passes through here before it becomes one of our types.
 *
 * Removed: every control character (Unicode Cc: C0, DEL and C1) except
 * tab and newline; none of them is text a person wrote or can see, and it is
 * the set the service refuses in requests (common/unsafe-text.ts), so a
 * stored text can always be sent back to the API. A carriage return becomes a
 * newline (`\r\n` one newline), so lines stay lines. Unpaired surrogates
 * (half an emoji, cut by a truncating client) become U+FFFD. Removed too:
 * the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069), which requests refuse as well, since they make a text
 * read in another order than it was written ("已处理\u202Egnp.exe" shows as
 * "已处理exe.png"). Everything else is kept as sent: zero-width characters
 * and direction marks (U+200E, U+200F) are valid text. Where cleaning changed
 * anything, the record's original is kept beside it (`raw_source`), so the
 * evidence of how a message was written is not lost.
 */

// With the u flag a surrogate pair reads as one code point, so \p{Cs} matches unpaired halves only.
const CONTROLS = /[^\P{Cc}\t\n]|[\u202a-\u202e\u2066-\u2069]/gu;
const CARRIAGE_RETURN = /\r\n?/g;
const LONE_SURROGATE = /\p{Cs}/gu;
const ANYTHING_TO_CLEAN = /[^\P{Cc}\t\n]|[\u202a-\u202e\u2066-\u2069]|\p{Cs}/u;

export function storableText(text: string): string {
  if (!ANYTHING_TO_CLEAN.test(text)) {
    return text;
  }
  return text
    .replace(CARRIAGE_RETURN, '\n')
    .replace(CONTROLS, '')
    .replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * A parsed JSON value with every string, keys included, made storable. The
 * same value (not a copy) when nothing needed cleaning, so a caller can tell
 * with `===` whether the original must be kept beside it.
 */
export function storableJson(value: unknown): unknown {
  if (typeof value === 'string') {
    return storableText(value);
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const clean = storableJson(item);
      if (clean !== item && copy === null) {
        copy = value.slice(0, i);
      }
      if (copy !== null) {
        copy.push(clean);
      }
    }
    return copy ?? value;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>);
    let changed = false;
    const cleanEntries = entries.map(([key, item]): [string, unknown] => {
      const cleanKey = storableText(key);
      const cleanItem = storableJson(item);
      changed ||= cleanKey !== key || cleanItem !== item;
      return [cleanKey, cleanItem];
    });
    return changed ? Object.fromEntries(cleanEntries) : value;
  }
  return value;
}

/**
 * The raw record as we keep it: `json` is storable in jsonb; `source` is the
 * original as JSON text, kept only when cleaning changed something, else
 * null. JSON.stringify writes NUL, the other controls and lone surrogates as
 * ASCII escapes (`\u0000`, `\ud83d`), so the original survives in a `text`
 * column and JSON.parse(source) gives it back exactly as it was parsed.
 */
export interface StorableRaw {
  json: unknown;
  source: string | null;
}

export function storableRaw(value: unknown): StorableRaw {
  const json = storableJson(value);
  return { json, source: json === value ? null : JSON.stringify(value) };
}
