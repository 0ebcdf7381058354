/**
 * JSON.parse that keeps integers beyond 2^53 exact. Weibo sends most ids as
 * strings but some (user.id, comment id/rootid, max_id) as bare numbers; a
 * bare number above Number.MAX_SAFE_INTEGER is turned into a string before
 * JSON.parse sees it, so no id silently changes. Safe integers stay numbers.
 */
export function parseWeiboJson(text: string): unknown {
  // Fast path: no run of 16 digits anywhere, so nothing can be unsafe.
  if (!/\d{16}/.test(text)) {
    return JSON.parse(text);
  }
  return JSON.parse(quoteUnsafeIntegers(text));
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isNumberChar(code: number): boolean {
  // digits . e E + -
  return (
    isDigit(code) ||
    code === 0x2e ||
    code === 0x65 ||
    code === 0x45 ||
    code === 0x2b ||
    code === MINUS
  );
}

/** Quotes every integer literal outside strings that is not a safe integer. */
export function quoteUnsafeIntegers(text: string): string {
  const parts: string[] = [];
  let copiedUpTo = 0;
  let i = 0;
  const length = text.length;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      i = endOfString(text, i);
      continue;
    }
    if (code === MINUS || isDigit(code)) {
      const start = i;
      i++;
      while (i < length && isNumberChar(text.charCodeAt(i))) {
        i++;
      }
      const literal = text.slice(start, i);
      if (/^-?\d{16,}$/.test(literal) && !Number.isSafeInteger(Number(literal))) {
        parts.push(text.slice(copiedUpTo, start), '"', literal, '"');
        copiedUpTo = i;
      }
      continue;
    }
    i++;
  }
  if (copiedUpTo === 0) {
    return text;
  }
  parts.push(text.slice(copiedUpTo));
  return parts.join('');
}

/** Index just past the closing quote of the string that opens at `start`. */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === BACKSLASH) {
      i += 2;
      continue;
    }
    if (code === QUOTE) {
      return i + 1;
    }
    i++;
  }
  return i;
}
