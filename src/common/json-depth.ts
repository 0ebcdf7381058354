/**
 * How deeply a JSON text nests, found by one pass over its bytes without
 * parsing it: brackets inside strings do not count. Used to refuse a body
 * that nests deeper than MAX_JSON_DEPTH before anything recurses into it.
 */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * True when some object or array of `json` sits more than `limit` levels
 * deep (a top-level `{}` is level 1). Stops at the first level past the
 * limit. Malformed text is judged the same way; the parser refuses it later.
 */
export function nestsDeeperThan(json: Uint8Array | string, limit: number): boolean {
  const bytes = typeof json === 'string' ? Buffer.from(json, 'utf8') : json;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) {
        i++;
      } else if (byte === QUOTE) {
        inString = false;
      }
      continue;
    }
    if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth++;
      if (depth > limit) {
        return true;
      }
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}
