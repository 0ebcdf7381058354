/**
 * PostgreSQL's text form of a timestamptz (DateStyle ISO), read off its fixed
 * positions: `YYYY-MM-DD HH:MM:SS[.f{1,6}]±HH[:MM[:SS]]`.
 *
 * pg reads every timestamptz through regular expressions; a backlog page
 * holds several hundred of them, and the regular expressions were a visible
 * share of the page's CPU time. This reads only the common shape (a year of
 * four digits from 1000 on, no era) and returns null for anything else
 * (infinity, BC, years before 1000 or after 9999, another DateStyle), so the
 * caller falls back to pg's own parser, and the answer is always pg's.
 */

const ZERO = 48;

/** The value of the digits from `start` to `end` (exclusive), or -1 if one is not a digit. */
function digits(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) {
      return -1;
    }
    value = value * 10 + d;
  }
  return value;
}

export function parseTimestamptzText(text: string): Date | null {
  // 2025-03-06 04:00:00+08 is the shortest: 22 characters.
  if (
    text.length < 22 ||
    text.charCodeAt(4) !== 45 || // -
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 32 || // space
    text.charCodeAt(13) !== 58 || // :
    text.charCodeAt(16) !== 58
  ) {
    return null;
  }
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  const hour = digits(text, 11, 13);
  const minute = digits(text, 14, 16);
  const second = digits(text, 17, 19);
  if (year < 1000 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
    return null;
  }
  let at = 19;
  let ms = 0;
  if (text.charCodeAt(at) === 46) {
    // .f{1,6}: as pg computes it (1000 × the decimal fraction), so that a
    // fraction rounds exactly as it would there.
    let end = at + 1;
    while (end < text.length && end - at <= 6) {
      const d = text.charCodeAt(end) - ZERO;
      if (d < 0 || d > 9) {
        break;
      }
      end++;
    }
    if (end === at + 1) {
      return null;
    }
    ms = 1000 * parseFloat(text.slice(at, end));
    at = end;
  }
  const sign = text.charCodeAt(at);
  if (sign !== 43 && sign !== 45) {
    // + or -
    return null;
  }
  const offsetHours = digits(text, at + 1, at + 3);
  if (offsetHours < 0) {
    return null;
  }
  at += 3;
  let offsetSeconds = offsetHours * 3600;
  for (const scale of [60, 1]) {
    if (at === text.length) {
      break;
    }
    const part = text.charCodeAt(at) === 58 ? digits(text, at + 1, at + 3) : -1;
    if (part < 0 || at + 3 > text.length) {
      return null;
    }
    offsetSeconds += part * scale;
    at += 3;
  }
  if (at !== text.length) {
    return null;
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  return new Date(utc - (sign === 45 ? -1 : 1) * offsetSeconds * 1000);
}
