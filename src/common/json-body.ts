/**
 * What a JSON body is refused for before it is parsed, each found by one
 * pass over its bytes: nesting deeper than MAX_JSON_DEPTH (the parser, the
 * transformer and the validator all recurse into it), and an object key
 * that names a property every object has (`__proto__`, `constructor`,
 * `prototype`), which the transformer drops without a word where any other
 * unknown field is a 400.
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

const COLON = 0x3a;

/** Keys that name what every JavaScript object already has. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const LONGEST_ESCAPED_KEY = 6 * Math.max(...[...FORBIDDEN_KEYS].map((key) => key.length));

function isJsonSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/**
 * The first object key of `json` that is `__proto__`, `constructor` or
 * `prototype` (escaped spellings included, as JSON.parse reads them), or
 * null. A string is a key when a colon follows it; string values are never
 * keys, so a text that mentions `__proto__` passes.
 */
export function forbiddenKey(json: Uint8Array | string): string | null {
  const bytes = typeof json === 'string' ? Buffer.from(json, 'utf8') : json;
  let start = -1;
  let escaped = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (start < 0) {
      if (byte === QUOTE) {
        start = i;
        escaped = false;
      }
      continue;
    }
    if (byte === BACKSLASH) {
      escaped = true;
      i++;
      continue;
    }
    if (byte !== QUOTE) {
      continue;
    }
    const end = i;
    let next = i + 1;
    while (isJsonSpace(bytes[next])) {
      next++;
    }
    // A key longer than 'constructor' written as \uXXXX escapes cannot be one of them.
    if (bytes[next] === COLON && end - start - 1 <= LONGEST_ESCAPED_KEY) {
      const raw = Buffer.from(bytes.subarray(start, end + 1)).toString('utf8');
      const key = escaped ? decodeJsonString(raw) : raw.slice(1, -1);
      if (key !== null && FORBIDDEN_KEYS.has(key)) {
        return key;
      }
    }
    start = -1;
  }
  return null;
}

function decodeJsonString(quoted: string): string | null {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return null;
  }
}
